using System.Text;
using FastChat.Engine.Tokenization.Unicode;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Text seen one char per code point for patterns that only ask "is it whitespace, a letter, a digit, ...":
/// ASCII stays itself and every other code point becomes a Latin-1 stand-in of its class (llama.cpp matches
/// such patterns on the same kind of collapsed text). A letter beyond the BMP thus matches \p{L} as one
/// character, which it cannot do as a UTF-16 surrogate pair. Offsets map back to the original text.
/// </summary>
internal sealed class CodePointView
{
    private char[] _chars = new char[256];
    private int[] _utf16Offsets = new int[257];   // code point index -> UTF-16 offset (plus the end)
    private int[] _codePointIndex = new int[257]; // UTF-16 offset -> code point index (plus the end)

    public ReadOnlySpan<char> Chars => _chars.AsSpan(0, Length);

    public int Length { get; private set; }

    public void Build(ReadOnlySpan<char> text)
    {
        if (_chars.Length < text.Length)
        {
            _chars = new char[text.Length];
            _utf16Offsets = new int[text.Length + 1];
            _codePointIndex = new int[text.Length + 1];
        }
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed); // a lone surrogate reads as U+FFFD
            _utf16Offsets[count] = i;
            for (var k = 0; k < consumed; k++) _codePointIndex[i + k] = count;
            _chars[count++] = StandIn(rune.Value);
            i += consumed;
        }
        _utf16Offsets[count] = text.Length;
        _codePointIndex[text.Length] = count;
        Length = count;
    }

    public int ToUtf16(int codePointIndex) => _utf16Offsets[codePointIndex];

    public int ToCodePoint(int utf16Offset) => _codePointIndex[utf16Offset];

    private static char StandIn(int codePoint) => codePoint < 0x80 ? (char)codePoint : CodePointClasses.Of(codePoint) switch
    {
        CodePointClass.Whitespace => '\v',
        CodePointClass.Letter => '\u00AA',      // ª  (Lo)
        CodePointClass.Number => '\u00B2',      // ²  (No)
        CodePointClass.Punctuation => '\u00A1', // ¡  (Po)
        CodePointClass.Mark => '\u0300',        // combining grave (Mn)
        CodePointClass.Symbol => '\u00A6',      // ¦  (So)
        _ => '\u0080',                          // a C1 control (Cc)
    };
}
