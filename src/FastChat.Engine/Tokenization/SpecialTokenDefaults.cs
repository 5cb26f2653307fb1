using FastChat.Gguf;

namespace FastChat.Engine.Tokenization;

/// <summary>Special token ids: the file's keys where present and in range, else llama.cpp's defaults per model type.</summary>
internal static class SpecialTokenDefaults
{
    public static SpecialTokenIds Resolve(TokenizerKind kind, TokenizerMetadataReader reader, int count)
    {
        (int? bos, int? eos, int? unk, int? sep, int? pad) = kind switch
        {
            TokenizerKind.Spm => ((int?)1, (int?)2, (int?)0, (int?)null, (int?)null),
            TokenizerKind.Wpm => (101, null, 100, 102, 0),   // [CLS] opens, [SEP] closes
            _ => (11, 11, null, null, null),                  // llama.cpp's BPE defaults (Falcon's <|endoftext|>)
        };
        var clsAsBos = kind == TokenizerKind.Wpm ? Id(reader, TokenizerMetadataReader.ClsTokenId, count, bos) : bos;
        return new SpecialTokenIds
        {
            Bos = Id(reader, GgufKeys.BosTokenId, count, clsAsBos),
            Eos = Id(reader, GgufKeys.EosTokenId, count, eos),
            Unknown = Id(reader, GgufKeys.UnknownTokenId, count, unk),
            Separator = Id(reader, GgufKeys.SeparatorTokenId, count, sep),
            Padding = Id(reader, GgufKeys.PaddingTokenId, count, pad),
            EndOfTurn = Id(reader, GgufKeys.EotTokenId, count, null),
        };
    }

    /// <summary>An id outside the vocabulary is ignored (as llama.cpp does), falling back to the default if that fits.</summary>
    private static int? Id(TokenizerMetadataReader reader, string key, int count, int? fallback)
    {
        var value = reader.Integer(key);
        if (value is >= 0 && value < count) return (int)value;
        return fallback is >= 0 && fallback < count ? fallback : null;
    }
}
