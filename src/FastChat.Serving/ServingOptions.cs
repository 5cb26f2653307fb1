namespace FastChat.Serving;

/// <summary>Settings of the HTTP front door.</summary>
public sealed record ServingOptions
{
    /// <summary>Bearer keys accepted on /v1/*; empty = no authentication.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>Largest request body (HTTP 413 beyond it).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 << 20;

    /// <summary>Reported as the creation time of models in /v1/models.</summary>
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;
}
