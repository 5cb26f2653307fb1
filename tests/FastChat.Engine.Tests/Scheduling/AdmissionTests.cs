using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>Admission control: a bounded queue, a KV budget with reservations, and input checked before queueing.</summary>
public sealed class AdmissionTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);

    [Fact]
    public async Task FullQueueRefusesWithServiceOverloaded()
    {
        using var cts = new CancellationTokenSource();
        await using var scheduler = new ContinuousBatchingScheduler(_model,
            new SchedulerOptions { Threads = 1, MaxRunningSequences = 1, MaxQueuedRequests = 2 });
        var endless = Greedy(maxTokens: 2000, ignoreEos: true);
        var accepted = new List<Task<List<FastChat.Engine.Generation.GenerationChunk>>>();
        var refused = 0;
        for (var i = 0; i < 6 && refused == 0; i++)
        {
            try
            {
                accepted.Add(CollectAsync(scheduler.GenerateAsync([1, 403 + i], endless, cts.Token)));
            }
            catch (ServiceOverloadedException)
            {
                refused++;
            }
        }
        Assert.Equal(1, refused);
        Assert.InRange(accepted.Count, 2, 3); // two queued, plus the one running once it was admitted
        Assert.Equal(1, scheduler.Counters.RejectedRequests);

        cts.Cancel();
        await Task.WhenAll(accepted);
        await WaitUntilAsync(() => scheduler.Stats == new SchedulerStats(0, 0, 0, scheduler.Stats.KvBytesBudget));
    }

    [Fact]
    public async Task RequestThatCouldNeverFitTheKvBudgetIsRejected()
    {
        var perPosition = _model.CreateCache().BytesPerPosition;
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, KvBudgetBytes = 100 * perPosition });
        var e = Assert.Throws<ArgumentException>(() => scheduler.GenerateAsync([1, 403, 407], Greedy(maxTokens: 200)));
        Assert.Contains("KV cache", e.Message);
        Assert.Equal(0, scheduler.Stats.QueuedRequests);
        // Unlimited max_tokens reserves the whole context, which does not fit either.
        Assert.Throws<ArgumentException>(() => scheduler.GenerateAsync([1, 403], Greedy(1) with { MaxTokens = null }));
        // What fits runs.
        Assert.Equal(50, TokenIds(await CollectAsync(scheduler.GenerateAsync([1, 403], Greedy(50, ignoreEos: true)))).Length);
    }

    [Fact]
    public async Task KvBudgetAdmitsOnlyWhatFitsAndTheRestWaits()
    {
        var perPosition = _model.CreateCache().BytesPerPosition;
        // Each request reserves 2 + 100 positions; the budget holds two of them.
        await using var scheduler = new ContinuousBatchingScheduler(_model,
            new SchedulerOptions { Threads = 1, KvBudgetBytes = 250 * perPosition, PrefixCacheBytes = 0 });
        var options = Greedy(maxTokens: 100, ignoreEos: true);
        var peakRunning = 0;
        var streams = Enumerable.Range(0, 5).Select(i => CollectAsync(scheduler.GenerateAsync([1, 403 + i], options))).ToArray();
        while (!streams.All(s => s.IsCompleted))
        {
            var stats = scheduler.Stats;
            peakRunning = Math.Max(peakRunning, stats.RunningSequences);
            Assert.InRange(stats.KvBytesUsed, 0, stats.KvBytesBudget);
            await Task.Delay(1);
        }
        foreach (var result in await Task.WhenAll(streams)) Assert.Equal(100, TokenIds(result).Length);
        Assert.InRange(peakRunning, 0, 2);
        Assert.Equal(new SchedulerStats(0, 0, 0, 250 * perPosition), scheduler.Stats);
    }

    [Fact]
    public async Task InvalidInputIsRejectedBeforeQueueing()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        Assert.Throws<ArgumentException>(() => scheduler.GenerateAsync([], Greedy(5)));
        Assert.Throws<ArgumentException>(() => scheduler.GenerateAsync([1, 9999], Greedy(5)));
        Assert.Throws<ArgumentException>(() => scheduler.GenerateAsync([1], Greedy(5) with { MaxTokens = 0 }));
        Assert.Throws<ArgumentException>(() => scheduler.GenerateAsync(new int[_model.Config.ContextLength], Greedy(5)));
        Assert.Equal(0, scheduler.Stats.QueuedRequests);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuousBatchingScheduler(_model, new SchedulerOptions { TokenBudget = 0 }));
    }

    public void Dispose() => _model.Dispose();
}
