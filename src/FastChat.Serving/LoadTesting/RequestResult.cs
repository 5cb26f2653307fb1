namespace FastChat.Serving.LoadTesting;

/// <summary>What one streamed request measured. Times are in seconds; a failed request keeps its reason.</summary>
public sealed record RequestResult
{
    /// <summary>True when the stream ended with [DONE] and no error.</summary>
    public bool Success { get; init; }

    /// <summary>Short failure category used to count failures (for example "HTTP 429", "connection", "timeout"); null on success.</summary>
    public string? FailureKind { get; init; }

    /// <summary>The failure's message (server error text or exception message); null on success.</summary>
    public string? FailureDetail { get; init; }

    /// <summary>Prompt tokens: the server's usage.prompt_tokens when reported, else the client's count.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Completion tokens: the server's usage.completion_tokens when reported, else the number of content chunks.</summary>
    public int OutputTokens { get; init; }

    /// <summary>The max_tokens the request asked for.</summary>
    public int RequestedOutputTokens { get; init; }

    /// <summary>True when the server reported usage (so <see cref="OutputTokens"/> is exact).</summary>
    public bool UsageReported { get; init; }

    /// <summary>Seconds from sending the request to the first chunk carrying text.</summary>
    public double TimeToFirstToken { get; init; }

    /// <summary>Seconds from sending the request to the end of the stream.</summary>
    public double Latency { get; init; }

    /// <summary>Gaps between consecutive text-carrying chunks (seconds): one fewer than the chunks.</summary>
    public IReadOnlyList<double> InterTokenLatencies { get; init; } = [];

    /// <summary>Seconds from the start of the run to the moment this request was sent.</summary>
    public double StartOffset { get; init; }

    /// <summary>The completion text, concatenated from the chunks.</summary>
    public string GeneratedText { get; init; } = "";

    /// <summary>Time per output token after the first: (latency - TTFT) / (output tokens - 1); 0 with one token or fewer.</summary>
    public double TimePerOutputToken => OutputTokens > 1 ? (Latency - TimeToFirstToken) / (OutputTokens - 1) : 0;

    /// <summary>A failed result.</summary>
    public static RequestResult Failed(string kind, string detail, BenchmarkRequest request, double startOffset, double latency) => new()
    {
        Success = false,
        FailureKind = kind,
        FailureDetail = detail,
        PromptTokens = request.PromptTokens,
        RequestedOutputTokens = request.OutputTokens,
        StartOffset = startOffset,
        Latency = latency,
    };
}
