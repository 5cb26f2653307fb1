namespace FastChat.Engine.Scheduling;

/// <summary>How the <see cref="ContinuousBatchingScheduler"/> shares one compute thread between requests.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Native threads of the scheduler's forward-pass workspace.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Most tokens one step feeds the model: every decoding sequence's last token first, the rest goes to prompt
    /// chunks (chunked prefill). Decoding sequences are never starved, so a step may exceed it when more
    /// sequences decode than the budget holds.
    /// </summary>
    public int TokenBudget { get; init; } = 512;

    /// <summary>Most sequences admitted (prefilling or decoding) at once.</summary>
    public int MaxRunningSequences { get; init; } = 16;

    /// <summary>
    /// Most requests (generations and embeddings) waiting for the compute thread; beyond it requests are refused
    /// with <see cref="ServiceOverloadedException"/>.
    /// </summary>
    public int MaxQueuedRequests { get; init; } = 64;

    /// <summary>
    /// KV-cache memory running sequences may hold. Each admitted sequence reserves (and allocates) room for its
    /// prompt plus its largest completion up front, so a running sequence never runs out.
    /// </summary>
    public long KvBudgetBytes { get; init; } = 1L << 30;

    /// <summary>Memory for the KV caches of finished sequences kept for prefix reuse (least recently used evicted); 0 disables it.</summary>
    public long PrefixCacheBytes { get; init; } = 256L << 20;

    /// <summary>Shortest shared prefix worth reusing (shorter matches, such as a lone BOS, are recomputed).</summary>
    public int MinPrefixMatchTokens { get; init; } = 16;

    /// <exception cref="ArgumentOutOfRangeException">A value out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TokenBudget);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRunningSequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedRequests);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(KvBudgetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(PrefixCacheBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinPrefixMatchTokens);
    }
}
