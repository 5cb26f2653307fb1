using System.Buffers;
using System.Globalization;

namespace FastChat.Engine.Tokenization;

/// <summary>Writes the decoded bytes of a normal token's raw text (the part of decoding that differs per model type).</summary>
internal delegate void NormalPieceWriter(ReadOnlySpan<byte> tokenText, IBufferWriter<byte> output);

/// <summary>
/// The bytes every token decodes to, computed once (as llama.cpp caches its token pieces): normal tokens per
/// model type, user-defined tokens as their text, SPM byte tokens &lt;0xNN&gt; as that byte, and control,
/// unknown, unused and undefined tokens as nothing (the tokenizer renders the first two on request).
/// </summary>
internal sealed class PieceTable
{
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    private PieceTable(byte[] bytes, int[] offsets)
    {
        _bytes = bytes;
        _offsets = offsets;
    }

    public ReadOnlySpan<byte> this[int id] => _bytes.AsSpan(_offsets[id], _offsets[id + 1] - _offsets[id]);

    public static PieceTable Build(Vocabulary vocabulary, NormalPieceWriter writeNormal, bool byteTokensAreBytes)
    {
        var output = new ArrayBufferWriter<byte>(vocabulary.Count * 4);
        var offsets = new int[vocabulary.Count + 1];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var text = vocabulary.GetTokenBytes(id);
            switch (vocabulary.GetTokenType(id))
            {
                case TokenType.Normal:
                    writeNormal(text, output);
                    break;
                case TokenType.Byte when byteTokensAreBytes && TryParseByteToken(text, out var value):
                    output.Write([value]);
                    break;
                case TokenType.Byte:
                    writeNormal(text, output);
                    break;
                case TokenType.UserDefined:
                    output.Write(text);
                    break;
            }
            offsets[id + 1] = output.WrittenCount;
        }
        return new PieceTable(output.WrittenSpan.ToArray(), offsets);
    }

    /// <summary>Parses "&lt;0xNN&gt;".</summary>
    public static bool TryParseByteToken(ReadOnlySpan<byte> text, out byte value)
    {
        value = 0;
        return text.Length == 6 && text[0] == '<' && text[1] == '0' && text[2] == 'x' && text[5] == '>'
               && byte.TryParse(text.Slice(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
