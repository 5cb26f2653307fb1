using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Engine.Tests.Models;
using static FastChat.Engine.Tests.Scheduling.SchedulerTestKit;

namespace FastChat.Engine.Tests.Scheduling;

/// <summary>Embeddings run on the compute thread between steps: unit length, deterministic, unaffected by generation.</summary>
public sealed class EmbeddingTests : IDisposable
{
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);

    [Fact]
    public async Task EmbeddingsAreUnitLengthDeterministicAndMatchTheBackend()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        var tokens = _model.Tokenizer.Encode("Once upon a time, there was a little girl named Lily.");
        var first = await scheduler.EmbedAsync(tokens).WaitAsync(TestTimeout);

        // Again, while generations run beside it.
        var generations = Enumerable.Range(0, 4).Select(i => CollectAsync(scheduler.GenerateAsync([1, 403 + i], Greedy(40, ignoreEos: true)))).ToArray();
        var second = await scheduler.EmbedAsync(tokens).WaitAsync(TestTimeout);
        await Task.WhenAll(generations);

        Assert.Equal(_model.Config.EmbeddingLength, first.Length);
        Assert.Equal(1.0, Math.Sqrt(first.Sum(x => (double)x * x)), 5);
        Assert.Equal(first, second);

        using var ws = _model.CreateWorkspace(1);
        var direct = new float[_model.Config.EmbeddingLength];
        _model.Embed(ws, tokens, direct);
        Assert.Equal(direct, first);

        var other = await scheduler.EmbedAsync(_model.Tokenizer.Encode("Tom had a big red ball.")).WaitAsync(TestTimeout);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task InvalidEmbeddingInputIsRejected()
    {
        await using var scheduler = new ContinuousBatchingScheduler(_model, new SchedulerOptions { Threads = 1 });
        Assert.Throws<ArgumentException>(() => { _ = scheduler.EmbedAsync([]); });
        Assert.Throws<ArgumentException>(() => { _ = scheduler.EmbedAsync([1, 99999]); });
        Assert.Throws<ArgumentException>(() => { _ = scheduler.EmbedAsync(new int[_model.Config.ContextLength + 1]); });
    }

    public void Dispose() => _model.Dispose();
}
