using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>A repeated prompt prefix is copied from a finished sequence's cache, and the output stays the same.</summary>
public sealed class PrefixCacheTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);

    [Fact]
    public async Task RepeatedSystemPromptIsReusedWithIdenticalOutput()
    {
        var system = _model.Tokenizer.Encode(LongPrompt(12));
        int[] first = [.. system, .. _model.Tokenizer.Encode(" Tom had a big red ball.", addSpecialTokens: false)];
        int[] second = [.. system, .. _model.Tokenizer.Encode(" The boy wanted to eat a cake.", addSpecialTokens: false)];
        var options = Greedy(maxTokens: 30, ignoreEos: true);

        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        var firstRun = await CollectAsync(scheduler.GenerateAsync(first, options));
        Assert.Equal(0, firstRun[^1].Usage!.Value.CachedPromptTokens);
        var secondRun = await CollectAsync(scheduler.GenerateAsync(second, options));

        var reused = secondRun[^1].Usage!.Value.CachedPromptTokens;
        Assert.InRange(reused, system.Length, second.Length - 1);
        var counters = scheduler.Counters;
        Assert.Equal(1, counters.PrefixCacheHits);
        Assert.Equal(reused, counters.PrefixCacheReusedTokens);
        Assert.Equal(first.Length + second.Length - reused, counters.PromptTokensComputed);

        await using var fresh = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, PrefixCacheBytes = 0 });
        var computed = await CollectAsync(fresh.GenerateAsync(second, options));
        Assert.Equal(TokenIds(computed), TokenIds(secondRun));
        Assert.Equal(0, fresh.Counters.PrefixCacheHits);
    }

    [Fact]
    public async Task SamePromptTwiceReusesAllButOneTokenAndRepeatsTheOutput()
    {
        var prompt = _model.Tokenizer.Encode(LongPrompt(6));
        var options = Greedy(maxTokens: 25, ignoreEos: true);
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        var a = await CollectAsync(scheduler.GenerateAsync(prompt, options));
        var b = await CollectAsync(scheduler.GenerateAsync(prompt, options));
        Assert.Equal(TokenIds(a), TokenIds(b));
        Assert.Equal(prompt.Length - 1, b[^1].Usage!.Value.CachedPromptTokens); // one token left to compute for logits
    }

    [Fact]
    public async Task ContinuingAConversationReusesTheGeneratedTokensToo()
    {
        var prompt = _model.Tokenizer.Encode(LongPrompt(4));
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        var reply = TokenIds(await CollectAsync(scheduler.GenerateAsync(prompt, Greedy(20, ignoreEos: true))));
        int[] nextTurn = [.. prompt, .. reply, .. _model.Tokenizer.Encode(" Then", addSpecialTokens: false)];
        var next = await CollectAsync(scheduler.GenerateAsync(nextTurn, Greedy(5)));
        // Every position the first sequence computed: its prompt and all but its last generated token.
        Assert.Equal(prompt.Length + reply.Length - 1, next[^1].Usage!.Value.CachedPromptTokens);
    }

    [Fact]
    public async Task ShortMatchesAndDisabledCacheAreNotReused()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, MinPrefixMatchTokens = 16 });
        await CollectAsync(scheduler.GenerateAsync(_model.Tokenizer.Encode("Tom had a big red ball."), Greedy(5)));
        var other = await CollectAsync(scheduler.GenerateAsync(_model.Tokenizer.Encode("Tom had a cat."), Greedy(5)));
        Assert.Equal(0, other[^1].Usage!.Value.CachedPromptTokens);
        Assert.Equal(0, scheduler.Counters.PrefixCacheHits);
    }

    [Fact]
    public async Task PrefixCacheStaysWithinItsByteBound()
    {
        var bound = 64 * _model.CreateCache().BytesPerPosition * 3;
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1, PrefixCacheBytes = bound });
        foreach (var text in SixteenPrompts())
            await CollectAsync(scheduler.GenerateAsync(_model.Tokenizer.Encode(text), Greedy(20, ignoreEos: true)));
        var counters = scheduler.Counters;
        Assert.InRange(counters.PrefixCacheBytes, 1, bound);
        Assert.InRange(counters.PrefixCacheEntries, 1, 15);
    }

    public void Dispose() => _model.Dispose();
}
