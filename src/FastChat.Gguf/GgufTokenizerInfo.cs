using System.Text.Json.Serialization;

namespace FastChat.Gguf;

/// <summary>A summary of the tokenizer a GGUF file carries in its "tokenizer.*" keys.</summary>
public sealed record GgufTokenizerInfo
{
    /// <summary>tokenizer.ggml.model: "llama" (SPM), "gpt2" (BPE), "bert" (WPM), ...</summary>
    public required string Model { get; init; }
    public string? Pre { get; init; }
    public int TokenCount { get; init; }
    public bool HasScores { get; init; }
    public bool HasTokenTypes { get; init; }
    public int MergeCount { get; init; }
    public long? BosTokenId { get; init; }
    public long? EosTokenId { get; init; }
    public long? UnknownTokenId { get; init; }
    public long? PaddingTokenId { get; init; }
    public long? SeparatorTokenId { get; init; }
    public long? EotTokenId { get; init; }
    public bool? AddBosToken { get; init; }
    public bool? AddEosToken { get; init; }
    /// <summary>The Jinja chat template (left out of JSON summaries: the metadata listing has it).</summary>
    [JsonIgnore]
    public string? ChatTemplate { get; init; }

    public bool HasChatTemplate => ChatTemplate is not null;

    /// <summary>Null when the file has no tokenizer.ggml.model key.</summary>
    public static GgufTokenizerInfo? FromMetadata(GgufMetadata metadata)
    {
        var model = metadata.GetStringOrNull(GgufKeys.TokenizerModel);
        if (model is null) return null;
        return new GgufTokenizerInfo
        {
            Model = model,
            Pre = metadata.GetStringOrNull(GgufKeys.TokenizerPre),
            TokenCount = metadata.GetArrayOrNull(GgufKeys.Tokens)?.Count ?? 0,
            HasScores = metadata.ContainsKey(GgufKeys.Scores),
            HasTokenTypes = metadata.ContainsKey(GgufKeys.TokenTypes),
            MergeCount = metadata.GetArrayOrNull(GgufKeys.Merges)?.Count ?? 0,
            BosTokenId = metadata.GetInt64OrNull(GgufKeys.BosTokenId),
            EosTokenId = metadata.GetInt64OrNull(GgufKeys.EosTokenId),
            UnknownTokenId = metadata.GetInt64OrNull(GgufKeys.UnknownTokenId),
            PaddingTokenId = metadata.GetInt64OrNull(GgufKeys.PaddingTokenId),
            SeparatorTokenId = metadata.GetInt64OrNull(GgufKeys.SeparatorTokenId),
            EotTokenId = metadata.GetInt64OrNull(GgufKeys.EotTokenId),
            AddBosToken = metadata.GetBoolOrNull(GgufKeys.AddBosToken),
            AddEosToken = metadata.GetBoolOrNull(GgufKeys.AddEosToken),
            ChatTemplate = metadata.GetStringOrNull(GgufKeys.ChatTemplate),
        };
    }
}
