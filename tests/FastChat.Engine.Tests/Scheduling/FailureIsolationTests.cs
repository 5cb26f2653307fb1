using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>An error inside a step reaches only the request that caused it; the others and the loop carry on.</summary>
public sealed class FailureIsolationTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);

    [Fact]
    public async Task FailingRequestIsIsolatedFromItsBatchAndTheLoopSurvives()
    {
        var backend = new FaultyBackend(_model, poisonToken: 511);
        var prompts = SixteenPrompts().Take(4).Select(p => _model.Tokenizer.Encode(p)).ToArray();
        var options = Greedy(30, ignoreEos: true);

        List<int[]> expected = [];
        await using (var reference = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 }))
            foreach (var prompt in prompts)
                expected.Add(TokenIds(await CollectAsync(reference.GenerateAsync(prompt, options))));

        await using var scheduler = new ContinuousBatchingScheduler(backend, new SchedulerOptions { Threads = 1, PrefixCacheBytes = 0 });
        var healthy = prompts.Select(p => CollectAsync(scheduler.GenerateAsync(p, options))).ToArray();
        var poisoned = CollectAsync(scheduler.GenerateAsync([1, 403, backend.PoisonToken], options));
        var badEmbedding = scheduler.EmbedAsync([1, backend.PoisonToken]);

        var error = await Assert.ThrowsAsync<ModelException>(() => poisoned);
        Assert.Contains("Injected failure", error.Message);
        await Assert.ThrowsAsync<ModelException>(() => badEmbedding.WaitAsync(TestTimeout));
        var results = await Task.WhenAll(healthy);
        for (var i = 0; i < prompts.Length; i++) Assert.Equal(expected[i], TokenIds(results[i]));

        // The loop still serves, and nothing is left reserved.
        Assert.Equal(expected[0], TokenIds(await CollectAsync(scheduler.GenerateAsync(prompts[0], options))));
        Assert.Equal(new SchedulerStats(0, 0, 0, scheduler.Stats.KvBytesBudget), scheduler.Stats);
        Assert.Equal(1, scheduler.Counters.FailedRequests);
    }

    public void Dispose() => _model.Dispose();
}
