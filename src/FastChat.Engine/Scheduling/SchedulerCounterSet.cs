namespace FastChat.Engine.Scheduling;

/// <summary>
/// The live counters behind <see cref="SchedulerCounters"/>: written by the compute thread (and by callers
/// for rejections), read from any thread, so every access is atomic.
/// </summary>
internal sealed class SchedulerCounterSet
{
    private long _steps, _tokensProcessed, _promptTokensComputed, _generatedTokens, _prefixHits, _prefixReusedTokens;
    private long _completed, _cancelled, _failed, _rejected;

    public void StepRan(int tokens) { Interlocked.Increment(ref _steps); Interlocked.Add(ref _tokensProcessed, tokens); }
    public void PromptComputed(int tokens) => Interlocked.Add(ref _promptTokensComputed, tokens);
    public void TokenGenerated() => Interlocked.Increment(ref _generatedTokens);
    public void PrefixReused(int tokens) { Interlocked.Increment(ref _prefixHits); Interlocked.Add(ref _prefixReusedTokens, tokens); }
    public void Completed() => Interlocked.Increment(ref _completed);
    public void Cancelled() => Interlocked.Increment(ref _cancelled);
    public void Failed() => Interlocked.Increment(ref _failed);
    public void Rejected() => Interlocked.Increment(ref _rejected);

    public SchedulerCounters Snapshot(int prefixEntries, long prefixBytes) => new(
        Interlocked.Read(ref _steps), Interlocked.Read(ref _tokensProcessed), Interlocked.Read(ref _promptTokensComputed),
        Interlocked.Read(ref _generatedTokens), Interlocked.Read(ref _prefixHits), Interlocked.Read(ref _prefixReusedTokens),
        prefixEntries, prefixBytes, Interlocked.Read(ref _completed), Interlocked.Read(ref _cancelled),
        Interlocked.Read(ref _failed), Interlocked.Read(ref _rejected));
}
