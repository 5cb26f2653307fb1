using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>A client that cancels or leaves stops its sequence within a step and frees its KV memory; disposal ends every stream.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly LlamaModel _loaded = LlamaModel.Load(ModelFiles.Stories260K);
    private readonly IInferenceBackend _model;

    public CancellationTests() => _model = new PacedBackend(_loaded, TimeSpan.FromMilliseconds(2));

    private static GenerationOptions Endless => Greedy(maxTokens: 2000, ignoreEos: true);

    [Fact]
    public async Task CancellingMidStreamEndsWithinOneStepAndFreesTheReservation()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        using var cts = new CancellationTokenSource();
        var chunks = new List<GenerationChunk>();
        long generatedWhenCancelled = 0;
        async Task Read()
        {
            await foreach (var chunk in scheduler.GenerateAsync([1, 403, 407], Endless, cts.Token))
            {
                chunks.Add(chunk);
                if (chunks.Count != 5) continue;
                Assert.Equal(1, scheduler.Stats.RunningSequences);
                Assert.True(scheduler.Stats.KvBytesUsed > 0);
                generatedWhenCancelled = scheduler.Counters.GeneratedTokens;
                cts.Cancel();
            }
        }
        await Read().WaitAsync(TestTimeout);

        var last = chunks[^1];
        Assert.Equal(FinishReason.Cancelled, last.FinishReason);
        // The step being computed when the flag was raised may still finish (and one token may be sampled but
        // not yet counted when the counter was read); no step after it runs.
        Assert.InRange(last.Usage!.Value.CompletionTokens, 5, generatedWhenCancelled + 2);
        Assert.Equal(new SchedulerStats(0, 0, 0, scheduler.Stats.KvBytesBudget), scheduler.Stats);
        Assert.Equal(1, scheduler.Counters.CancelledRequests);
    }

    [Fact]
    public async Task LeavingTheStreamEarlyCancelsTheSequence()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        var seen = 0;
        await foreach (var _ in scheduler.GenerateAsync([1, 403], Endless).WithCancellation(CancellationToken.None))
            if (++seen == 3) break; // the HTTP client went away
        await WaitUntilAsync(() => scheduler.Stats.RunningSequences == 0);
        Assert.Equal(0, scheduler.Stats.KvBytesUsed);
        Assert.Equal(1, scheduler.Counters.CancelledRequests);
        Assert.True(scheduler.Counters.GeneratedTokens < 2000);
    }

    [Fact]
    public async Task EnumeratorCancellationTokenAlsoCancels()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        using var cts = new CancellationTokenSource();
        var chunks = new List<GenerationChunk>();
        await foreach (var chunk in scheduler.GenerateAsync([1, 403], Endless).WithCancellation(cts.Token))
        {
            chunks.Add(chunk);
            if (chunks.Count == 2) await cts.CancelAsync();
        }
        Assert.Equal(FinishReason.Cancelled, chunks[^1].FinishReason);
    }

    [Fact]
    public async Task CancellingAQueuedRequestRemovesItFromTheQueue()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, MaxRunningSequences = 1 });
        using var blockerCancel = new CancellationTokenSource();
        using var queuedCancel = new CancellationTokenSource();
        var blocker = CollectAsync(scheduler.GenerateAsync([1, 403], Endless, blockerCancel.Token));
        var queued = CollectAsync(scheduler.GenerateAsync([1, 407], Endless, queuedCancel.Token));
        await WaitUntilAsync(() => scheduler.Stats is { RunningSequences: 1, QueuedRequests: 1 });

        await queuedCancel.CancelAsync();
        var queuedChunks = await queued;
        Assert.Single(queuedChunks);
        Assert.Equal(FinishReason.Cancelled, queuedChunks[0].FinishReason);
        Assert.Equal(new GenerationUsage(2, 0), queuedChunks[0].Usage);
        Assert.Equal(0, scheduler.Stats.QueuedRequests);

        await blockerCancel.CancelAsync();
        await blocker;
        await WaitUntilAsync(() => scheduler.Stats.KvBytesUsed == 0);
    }

    [Fact]
    public async Task DisposingEndsRunningAndQueuedStreams()
    {
        var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, MaxRunningSequences = 2 });
        var streams = Enumerable.Range(0, 5).Select(i => CollectAsync(scheduler.GenerateAsync([1, 403 + i], Endless))).ToArray();
        var embedding = scheduler.EmbedAsync([1, 403, 407]);
        await WaitUntilAsync(() => scheduler.Stats.RunningSequences == 2);

        await scheduler.DisposeAsync().AsTask().WaitAsync(TestTimeout);
        foreach (var stream in streams)
            await Assert.ThrowsAsync<ObjectDisposedException>(() => stream);
        Assert.True(embedding.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => scheduler.GenerateAsync([1], Greedy(1)));
        await scheduler.DisposeAsync(); // idempotent
    }

    public void Dispose() => _loaded.Dispose();
}
