using FastChat.Gguf;

namespace FastChat.Quantization.Tokenizers;

/// <summary>
/// A tokenizer as GGUF stores it (the tokenizer.ggml.* keys): the tokenizer model ("llama" for sentencepiece,
/// "gpt2" for byte-level BPE), pre-tokenizer name, tokens, scores, token types, merges, special token ids,
/// BOS/EOS flags and chat template. The bridge between Hugging Face tokenizer files and GGUF metadata.
/// </summary>
public sealed record GgufVocabulary
{
    /// <summary>Special token roles with their GGUF keys, in the order they are written.</summary>
    public static readonly IReadOnlyList<(string Role, string Key)> SpecialRoles =
    [
        ("bos", GgufKeys.BosTokenId), ("eos", GgufKeys.EosTokenId), ("unk", GgufKeys.UnknownTokenId),
        ("sep", GgufKeys.SeparatorTokenId), ("pad", GgufKeys.PaddingTokenId),
        ("cls", "tokenizer.ggml.cls_token_id"), ("mask", "tokenizer.ggml.mask_token_id"),
    ];

    public required string Model { get; init; }
    public string? Pre { get; init; }
    public required IReadOnlyList<string> Tokens { get; init; }
    public IReadOnlyList<float>? Scores { get; init; }
    public required IReadOnlyList<int> TokenTypes { get; init; }
    public IReadOnlyList<string>? Merges { get; init; }

    /// <summary>Special token ids by role ("bos", "eos", "unk", "sep", "pad", "cls", "mask"); only ids inside the vocabulary.</summary>
    public IReadOnlyDictionary<string, int> SpecialIds { get; init; } = new Dictionary<string, int>();

    public bool? AddBos { get; init; }
    public bool? AddEos { get; init; }
    public string? ChatTemplate { get; init; }

    /// <summary>Adds the tokenizer keys to <paramref name="metadata"/>.</summary>
    public void WriteTo(GgufMetadata metadata)
    {
        metadata.Set(GgufKeys.TokenizerModel, GgufValue.String(Model));
        if (Pre is not null) metadata.Set(GgufKeys.TokenizerPre, GgufValue.String(Pre));
        metadata.Set(GgufKeys.Tokens, GgufValue.Array(GgufArray.FromStrings(Tokens)));
        if (Scores is not null) metadata.Set(GgufKeys.Scores, GgufValue.Array(GgufArray.FromValues<float>(GgufValueType.Float32, Scores.ToArray())));
        metadata.Set(GgufKeys.TokenTypes, GgufValue.Array(GgufArray.FromValues<int>(GgufValueType.Int32, TokenTypes.ToArray())));
        if (Merges is not null) metadata.Set(GgufKeys.Merges, GgufValue.Array(GgufArray.FromStrings(Merges)));
        foreach (var (role, key) in SpecialRoles)
            if (SpecialIds.TryGetValue(role, out var id)) metadata.Set(key, GgufValue.UInt32((uint)id));
        if (AddBos is { } addBos) metadata.Set(GgufKeys.AddBosToken, GgufValue.Bool(addBos));
        if (AddEos is { } addEos) metadata.Set(GgufKeys.AddEosToken, GgufValue.Bool(addEos));
        if (ChatTemplate is not null) metadata.Set(GgufKeys.ChatTemplate, GgufValue.String(ChatTemplate));
    }

    /// <summary>Reads the tokenizer keys of a GGUF file; ids outside the vocabulary (e.g. 0xFFFFFFFF for "none") are left out.</summary>
    public static GgufVocabulary FromMetadata(GgufMetadata metadata)
    {
        var tokens = metadata.GetArray(GgufKeys.Tokens).ToStringArray();
        var specialIds = new Dictionary<string, int>();
        foreach (var (role, key) in SpecialRoles)
            if (metadata.TryGetValue(key, out var value) && value.IsInteger && value.AsInt64() is var id && id >= 0 && id < tokens.Length)
                specialIds[role] = (int)id;
        var types = metadata.GetArrayOrNull(GgufKeys.TokenTypes);
        return new GgufVocabulary
        {
            Model = metadata.GetString(GgufKeys.TokenizerModel),
            Pre = metadata.GetStringOrNull(GgufKeys.TokenizerPre),
            Tokens = tokens,
            Scores = metadata.GetArrayOrNull(GgufKeys.Scores)?.AsSpan<float>().ToArray(),
            TokenTypes = types is null ? Enumerable.Repeat(1, tokens.Length).ToArray() : Enumerable.Range(0, types.Count).Select(i => (int)types.GetInt64(i)).ToArray(),
            Merges = metadata.GetArrayOrNull(GgufKeys.Merges)?.ToStringArray(),
            SpecialIds = specialIds,
            AddBos = metadata.GetBoolOrNull(GgufKeys.AddBosToken),
            AddEos = metadata.GetBoolOrNull(GgufKeys.AddEosToken),
            ChatTemplate = metadata.GetStringOrNull(GgufKeys.ChatTemplate),
        };
    }
}
