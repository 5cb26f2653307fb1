namespace FastChat.Serving.LoadTesting;

/// <summary>The OpenAI-compatible endpoint under test and the sampling fields every request carries.</summary>
public sealed record LoadTestTarget
{
    /// <summary>Server root, for example http://127.0.0.1:8000 (a trailing /v1 is accepted).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The model name sent in each request.</summary>
    public required string Model { get; init; }

    /// <summary>API path: /v1/completions (prompt) or /v1/chat/completions (one user message).</summary>
    public string Endpoint { get; init; } = "/v1/completions";

    /// <summary>Bearer token, if the server wants one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Ask for exactly max_tokens: sends vLLM's ignore_eos and min_tokens (servers that know neither ignore them or refuse them).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Sampling temperature (0 = greedy, as vLLM's benchmark sends).</summary>
    public double Temperature { get; init; }

    /// <summary>Longest a single request may take before it counts as a timeout failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>True for chat endpoints (messages instead of prompt; text in delta.content).</summary>
    public bool IsChat => Endpoint.TrimEnd('/').EndsWith("chat/completions", StringComparison.Ordinal);

    /// <summary>The absolute request URI.</summary>
    public Uri RequestUri
    {
        get
        {
            var root = BaseUrl.TrimEnd('/');
            var path = Endpoint.StartsWith('/') ? Endpoint : "/" + Endpoint;
            // Accept both http://host:port and http://host:port/v1 as the base URL.
            if (root.EndsWith("/v1", StringComparison.Ordinal) && path.StartsWith("/v1/", StringComparison.Ordinal)) path = path[3..];
            return new Uri(root + path);
        }
    }
}
