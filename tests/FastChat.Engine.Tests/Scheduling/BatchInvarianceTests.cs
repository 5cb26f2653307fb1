using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>
/// A request's greedy output does not depend on what it is batched with or how its prompt is chunked: alone,
/// among sixteen concurrent requests, with a small token budget, and as the single-sequence TextGenerator.
/// </summary>
public sealed class BatchInvarianceTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);

    [Fact]
    public async Task SixteenConcurrentRequestsEachMatchTheirRunAlone()
    {
        var prompts = SixteenPrompts().Select(p => _model.Tokenizer.Encode(p)).ToArray();
        GenerationOptions OptionsFor(int i) => Greedy(maxTokens: 24 + 5 * i, ignoreEos: i % 2 == 0);

        var alone = new List<int[]>();
        await using (var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, PrefixCacheBytes = 0 }))
            for (var i = 0; i < prompts.Length; i++)
                alone.Add(TokenIds(await CollectAsync(scheduler.GenerateAsync(prompts[i], OptionsFor(i)))));

        await using (var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, PrefixCacheBytes = 0 }))
        {
            var together = await Task.WhenAll(prompts.Select((p, i) => CollectAsync(scheduler.GenerateAsync(p, OptionsFor(i)))));
            for (var i = 0; i < prompts.Length; i++)
            {
                Assert.Equal(alone[i], TokenIds(together[i]));
                Assert.True(together[i][^1].IsFinal);
            }
            // They really were batched: far fewer steps than tokens.
            var counters = scheduler.Counters;
            Assert.True(counters.Steps < counters.GeneratedTokens / 4, $"{counters.Steps} steps for {counters.GeneratedTokens} tokens");
        }
    }

    [Fact]
    public async Task SchedulerMatchesTextGenerator()
    {
        var prompt = _model.Tokenizer.Encode(SixteenPrompts()[5]);
        var options = Greedy(maxTokens: 60, ignoreEos: true);
        using var generator = new TextGenerator(_model, threads: 1);
        var reference = await CollectAsync(generator.GenerateAsync(prompt, options));

        // Two native threads here, one in the generator: the split of work must not change results either.
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 2 });
        var noise = Enumerable.Range(0, 6).Select(i => CollectAsync(scheduler.GenerateAsync(_model.Tokenizer.Encode(SixteenPrompts()[i + 8]), Greedy(50))))
                              .ToArray();
        var scheduled = await CollectAsync(scheduler.GenerateAsync(prompt, options));
        await Task.WhenAll(noise);

        Assert.Equal(TokenIds(reference), TokenIds(scheduled));
        Assert.Equal(string.Concat(reference.Select(c => c.Text)), string.Concat(scheduled.Select(c => c.Text)));
        Assert.Equal(reference[^1].Usage, scheduled[^1].Usage);
        Assert.Equal(FinishReason.Length, scheduled[^1].FinishReason);
    }

    [Fact]
    public async Task ChunkedPrefillMatchesUnchunked()
    {
        var prompt = _model.Tokenizer.Encode(LongPrompt());
        Assert.True(prompt.Length > 200, $"the long prompt has only {prompt.Length} tokens");
        var options = Greedy(maxTokens: 40, ignoreEos: true);

        async Task<(int[] Ids, long Steps)> Run(int budget)
        {
            await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, TokenBudget = budget });
            // A second sequence decodes while the long prompt is prefilled in chunks beside it.
            var other = CollectAsync(scheduler.GenerateAsync(_model.Tokenizer.Encode(SixteenPrompts()[3]), Greedy(30, ignoreEos: true)));
            var ids = TokenIds(await CollectAsync(scheduler.GenerateAsync(prompt, options)));
            await other;
            return (ids, scheduler.Counters.Steps);
        }

        var whole = await Run(budget: 1024);
        var chunked = await Run(budget: 16);
        Assert.Equal(whole.Ids, chunked.Ids);
        Assert.True(chunked.Steps >= prompt.Length / 16, $"{chunked.Steps} steps: the prompt was not chunked");
    }

    public void Dispose() => _model.Dispose();
}
