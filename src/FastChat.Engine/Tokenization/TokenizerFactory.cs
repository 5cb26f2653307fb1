using FastChat.Gguf;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Builds the tokenizer a GGUF file describes, from its tokenizer.* metadata alone, with llama.cpp's defaults
/// where keys are absent.
/// </summary>
public static class TokenizerFactory
{
    /// <exception cref="TokenizerException">The metadata has no usable tokenizer.</exception>
    public static Tokenizer Create(GgufFile file) => FromMetadata(file.Metadata);

    /// <summary>Opens <paramref name="ggufPath"/>, builds its tokenizer and closes the file (the tokenizer keeps copies).</summary>
    public static Tokenizer Create(string ggufPath)
    {
        using var file = GgufFile.Open(ggufPath);
        return Create(file);
    }

    /// <exception cref="TokenizerException">The metadata has no usable tokenizer.</exception>
    public static Tokenizer FromMetadata(GgufMetadata metadata) => FromMetadata(metadata, EncodingShortcuts.All);

    /// <param name="shortcuts">None runs llama.cpp's algorithms literally, for tests and benchmarks.</param>
    internal static Tokenizer FromMetadata(GgufMetadata metadata, EncodingShortcuts shortcuts)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var reader = new TokenizerMetadataReader(metadata);
        var model = reader.String(GgufKeys.TokenizerModel)
            ?? throw new TokenizerException($"The file has no tokenizer: {GgufKeys.TokenizerModel} is missing.", GgufKeys.TokenizerModel);
        var kind = model switch
        {
            "llama" => TokenizerKind.Spm,
            "gpt2" => TokenizerKind.Bpe,
            "bert" => TokenizerKind.Wpm,
            _ => throw new TokenizerException(
                $"Unsupported tokenizer model '{model}' ({GgufKeys.TokenizerModel}); supported: llama (SPM), gpt2 (BPE), bert (WordPiece).",
                GgufKeys.TokenizerModel),
        };

        var tokens = reader.RequiredArray(GgufKeys.Tokens, GgufValueType.String);
        if (tokens.Count == 0) throw new TokenizerException($"{GgufKeys.Tokens} is empty.", GgufKeys.Tokens);
        var scores = ReadScores(reader, tokens.Count);
        var types = ReadTypes(reader, tokens.Count);
        var special = SpecialTokenDefaults.Resolve(kind, reader, tokens.Count);
        var vocabulary = new Vocabulary(tokens.Count, tokens.GetStringBytes, scores, types, special);

        var pre = kind == TokenizerKind.Bpe ? reader.String(GgufKeys.TokenizerPre) ?? BpePreTokenizer.DefaultName : null;
        var options = ResolveOptions(kind, pre, reader, vocabulary, metadata.GetStringOrNull(GgufKeys.Name)) with { Shortcuts = shortcuts };
        return kind switch
        {
            TokenizerKind.Spm => new SpmTokenizer(vocabulary, options),
            TokenizerKind.Wpm => new WpmTokenizer(vocabulary, options),
            _ => new BpeTokenizer(vocabulary, options, BpePreTokenizer.ForName(pre!),
                reader.RequiredArray(GgufKeys.Merges, GgufValueType.String).ToStringArray()),
        };
    }

    private static float[] ReadScores(TokenizerMetadataReader reader, int count)
    {
        var scores = reader.Array(GgufKeys.Scores, GgufValueType.Float32);
        if (scores is null) return [];
        if (scores.Count != count)
            throw new TokenizerException($"{GgufKeys.Scores} has {scores.Count} entries for {count} tokens.", GgufKeys.Scores);
        return scores.AsSpan<float>().ToArray();
    }

    private static TokenType[] ReadTypes(TokenizerMetadataReader reader, int count)
    {
        var types = reader.Array(GgufKeys.TokenTypes, GgufValueType.Int32, GgufValueType.UInt32, GgufValueType.Int8, GgufValueType.UInt8);
        if (types is null) return [];
        if (types.Count != count)
            throw new TokenizerException($"{GgufKeys.TokenTypes} has {types.Count} entries for {count} tokens.", GgufKeys.TokenTypes);
        var result = new TokenType[count];
        for (var i = 0; i < count; i++) result[i] = (TokenType)types.GetInt64(i);
        return result;
    }

    private static TokenizerOptions ResolveOptions(TokenizerKind kind, string? pre, TokenizerMetadataReader reader, Vocabulary vocabulary, string? modelName)
    {
        var llama3Style = pre is not null && BpePreTokenizer.IgnoresMerges(pre);
        var (leftStrip, rightStrip) = StripRules(vocabulary, modelName);
        return new TokenizerOptions
        {
            AddBos = reader.Bool(GgufKeys.AddBosToken) ?? kind != TokenizerKind.Bpe || llama3Style,
            AddEos = reader.Bool(GgufKeys.AddEosToken) ?? false,
            AddSeparator = reader.Bool(TokenizerMetadataReader.AddSeparatorToken) ?? kind == TokenizerKind.Wpm,
            AddSpacePrefix = reader.Bool(TokenizerMetadataReader.AddSpacePrefix) ?? kind == TokenizerKind.Spm,
            CleanUpSpaces = kind switch
            {
                TokenizerKind.Spm => false,
                TokenizerKind.Wpm => true,
                _ => pre is not ("deepseek-llm" or "deepseek-coder" or "command-r" or "qwen2" or "deepseek-r1-qwen"
                    or "poro-chat" or "viking" or "smollm"),
            },
            IgnoreMerges = llama3Style,
            LeftStripTokens = leftStrip,
            RightStripTokens = rightStrip,
        };
    }

    /// <summary>
    /// Phi-3's special tokens swallow the whitespace after them (its Hugging Face tokens have rstrip), which
    /// llama.cpp applies by model name; no GGUF key records it.
    /// </summary>
    private static (HashSet<int> Left, HashSet<int> Right) StripRules(Vocabulary vocabulary, string? modelName)
    {
        var right = new HashSet<int>();
        var name = modelName?.ToLowerInvariant() ?? "";
        if (name.Contains("phi-3", StringComparison.Ordinal) || name.Contains("phi3", StringComparison.Ordinal))
        {
            for (var id = 0; id < vocabulary.Count; id++)
                if (vocabulary.GetTokenType(id) is TokenType.Control or TokenType.UserDefined or TokenType.Unknown) right.Add(id);
            if (vocabulary.GetIdOrNull("</s>") is { } eos) right.Add(eos);
            foreach (var keep in new[] { "<unk>", "<s>", "<|endoftext|>" })
                if (vocabulary.GetIdOrNull(keep) is { } id) right.Remove(id);
        }
        return ([], right);
    }
}
