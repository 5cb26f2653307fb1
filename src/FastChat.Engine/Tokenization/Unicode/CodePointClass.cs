using System.Globalization;
using System.Text;

namespace FastChat.Engine.Tokenization.Unicode;

/// <summary>The coarse class of a code point that pre-tokenizers care about (whitespace first, then the general category).</summary>
internal enum CodePointClass : byte
{
    Whitespace,
    Letter,
    Number,
    Punctuation,
    Mark,
    Symbol,
    Control,     // Cc, Cf, Cs, Co
    Unassigned,  // Cn
}

internal static class CodePointClasses
{
    private static readonly CodePointClass[] Latin1 = BuildLatin1();

    public static CodePointClass Of(int codePoint)
    {
        if ((uint)codePoint < 256) return Latin1[codePoint];
        if (!Rune.TryCreate(codePoint, out var rune)) return CodePointClass.Control; // lone surrogate
        return Rune.IsWhiteSpace(rune) ? CodePointClass.Whitespace : FromCategory(Rune.GetUnicodeCategory(rune));
    }

    private static CodePointClass FromCategory(UnicodeCategory category) => category switch
    {
        <= UnicodeCategory.OtherLetter => CodePointClass.Letter,
        <= UnicodeCategory.EnclosingMark => CodePointClass.Mark,
        <= UnicodeCategory.OtherNumber => CodePointClass.Number,
        <= UnicodeCategory.ParagraphSeparator => CodePointClass.Whitespace, // Z* are all White_Space
        <= UnicodeCategory.PrivateUse => CodePointClass.Control,
        <= UnicodeCategory.OtherPunctuation => CodePointClass.Punctuation,
        <= UnicodeCategory.OtherSymbol => CodePointClass.Symbol,
        _ => CodePointClass.Unassigned,
    };

    private static CodePointClass[] BuildLatin1()
    {
        var table = new CodePointClass[256];
        for (var c = 0; c < 256; c++)
            table[c] = char.IsWhiteSpace((char)c) ? CodePointClass.Whitespace : FromCategory(CharUnicodeInfo.GetUnicodeCategory((char)c));
        return table;
    }

    /// <summary>CJK ideograph blocks as BERT's tokenizer defines them (each such character is a word of its own).</summary>
    public static bool IsCjkIdeograph(int cp) =>
        cp is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF)
            or (>= 0x2A700 and <= 0x2B73F) or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B920 and <= 0x2CEAF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
