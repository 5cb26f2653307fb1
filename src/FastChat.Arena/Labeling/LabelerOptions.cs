namespace FastChat.Arena.Labeling;

/// <summary>Retry policy of <see cref="ConversationLabeler"/>.</summary>
public sealed record LabelerOptions
{
    /// <summary>Retries after a failed call (FastChat's max_retry is 2), so 1 + this many attempts.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Wait between attempts (FastChat's retry_sleep).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
