namespace FastChat.Serving.Backends;

/// <summary>
/// One completion to generate, in engine-neutral terms (validated by the OpenAI layer, range-checked again by the
/// engine). Field names follow FastChat's worker parameters where one exists.
/// </summary>
public sealed record TextGenerationRequest
{
    public required string Prompt { get; init; }

    /// <summary>Most new tokens; null = until a stop or the end of the context.</summary>
    public int? MaxNewTokens { get; init; }

    public float Temperature { get; init; } = 1f;
    public float TopP { get; init; } = 1f;
    public int TopK { get; init; }
    public float MinP { get; init; }
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
    public float RepetitionPenalty { get; init; } = 1f;
    public ulong? Seed { get; init; }
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Null = no logprobs; otherwise the number of alternatives per token (0..20).</summary>
    public int? Logprobs { get; init; }

    /// <summary>Constrain the output to one JSON object.</summary>
    public bool JsonObject { get; init; }

    /// <summary>Keep generating through end-of-sequence tokens (benchmarks; vLLM's ignore_eos).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Start the returned text with the prompt (legacy completions' echo).</summary>
    public bool Echo { get; init; }
}

/// <summary>
/// A piece of a streamed completion: new text, the tokens it came from (with logprobs when asked), and on the
/// last delta the finish reason ("stop" / "length") and usage.
/// </summary>
public sealed record TextDelta(string Text, IReadOnlyList<TokenInfo> Tokens, string? FinishReason = null, UsageInfo? Usage = null);

/// <summary>A generated token with its logprob and alternatives (token text and bytes as the tokenizer spells them).</summary>
public sealed record TokenInfo(string Token, float Logprob, IReadOnlyList<TopToken>? TopLogprobs);

/// <summary>An alternative token and its logprob.</summary>
public sealed record TopToken(string Token, float Logprob);

/// <summary>Token counts (OpenAI usage).</summary>
public sealed record UsageInfo(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
