namespace FastChat.Engine.Scheduling;

/// <summary>Cumulative work counters of a <see cref="ContinuousBatchingScheduler"/>, for /metrics and benchmarks.</summary>
/// <param name="Steps">Forward passes run.</param>
/// <param name="TokensProcessed">Tokens fed to the model: computed prompt tokens plus each decoding sequence's token per step.</param>
/// <param name="PromptTokensComputed">Prompt tokens run through the model (reused prefix tokens excluded).</param>
/// <param name="GeneratedTokens">Tokens sampled.</param>
/// <param name="PrefixCacheHits">Requests that started from a cached prefix.</param>
/// <param name="PrefixCacheReusedTokens">Prompt tokens taken from the prefix cache instead of computed.</param>
/// <param name="PrefixCacheEntries">Finished sequences held for reuse now.</param>
/// <param name="PrefixCacheBytes">Memory those entries hold now.</param>
/// <param name="CompletedRequests">Requests that ended with a finish reason other than cancellation.</param>
/// <param name="CancelledRequests">Requests cancelled or abandoned by their client.</param>
/// <param name="FailedRequests">Requests ended by an error.</param>
/// <param name="RejectedRequests">Requests refused because the queue was full.</param>
public sealed record SchedulerCounters(
    long Steps,
    long TokensProcessed,
    long PromptTokensComputed,
    long GeneratedTokens,
    long PrefixCacheHits,
    long PrefixCacheReusedTokens,
    int PrefixCacheEntries,
    long PrefixCacheBytes,
    long CompletedRequests,
    long CancelledRequests,
    long FailedRequests,
    long RejectedRequests);
