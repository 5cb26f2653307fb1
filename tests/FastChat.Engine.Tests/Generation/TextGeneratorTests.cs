using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Sampling;
using FastChat.Engine.Tests.Models;

namespace FastChat.Engine.Tests.Generation;

/// <summary>Streaming generation on stories260K: greedy text, stops, limits, seeds, cancellation and bad prompts.</summary>
public sealed class TextGeneratorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly LlamaModel _model = LlamaModel.Load(ModelFiles.Stories260K);
    private readonly TextGenerator _generator;

    public TextGeneratorTests() => _generator = new TextGenerator(_model, threads: 1);

    [Fact]
    public async Task GreedyStreamReproducesTheReferenceDecoding()
    {
        var golden = GreedyGolden.Load("stories260K.greedy64.json");
        var chunks = await Collect(golden.PromptIds, new GenerationOptions { MaxTokens = 64, Sampling = SamplingOptions.Greedy });
        Assert.Equal(golden.Steps.Select(s => s.Token), chunks.Select(c => c.TokenId));
        Assert.Equal(string.Concat(golden.Steps.Select(s => s.Piece)), string.Concat(chunks.Select(c => c.Text)));
        var last = chunks[^1];
        Assert.Equal(FinishReason.Length, last.FinishReason);
        Assert.Equal(new GenerationUsage(golden.PromptIds.Length, 64), last.Usage);
    }

    [Fact]
    public async Task StopStringEndsGenerationAndIsNotReturned()
    {
        var options = new GenerationOptions { MaxTokens = 64, Sampling = SamplingOptions.Greedy, StopSequences = ["Lily"] };
        var chunks = await Collect(GreedyGolden.Load("stories260K.greedy64.json").PromptIds, options);
        var text = string.Concat(chunks.Select(c => c.Text));
        Assert.Equal(", there was a little girl named ", text);
        Assert.Equal(FinishReason.Stop, chunks[^1].FinishReason);
        Assert.Equal("Lily", chunks[^1].StopSequence);
    }

    [Fact]
    public async Task SameSeedSameOutputDifferentSeedDifferentOutput()
    {
        int[] prompt = [1, 403, 407, 261, 378];
        GenerationOptions Seeded(ulong seed) => new() { MaxTokens = 40, Sampling = new SamplingOptions { Temperature = 1.2f, Seed = seed } };
        var a = (await Collect(prompt, Seeded(7))).Select(c => c.TokenId).ToArray();
        var b = (await Collect(prompt, Seeded(7))).Select(c => c.TokenId).ToArray();
        var c = (await Collect(prompt, Seeded(8))).Select(c => c.TokenId).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task CancellationStopsWithinOneToken()
    {
        using var cts = new CancellationTokenSource();
        var options = new GenerationOptions { MaxTokens = null, Sampling = SamplingOptions.Greedy, IgnoreEos = true };
        var chunks = new List<GenerationChunk>();
        await foreach (var chunk in _generator.GenerateAsync([1, 403], options, cts.Token).WithCancellation(CancellationToken.None))
        {
            chunks.Add(chunk);
            if (chunks.Count == 5) cts.Cancel();
        }
        var last = chunks[^1];
        Assert.Equal(FinishReason.Cancelled, last.FinishReason);
        // Five tokens were seen when cancelling; the generator runs at most one token ahead of the reader and
        // finishes at most the forward pass in flight.
        Assert.InRange(last.Usage!.Value.CompletionTokens, 5, 7);
    }

    [Fact]
    public async Task ReaderStoppingEarlyReleasesTheGenerator()
    {
        var options = new GenerationOptions { MaxTokens = null, Sampling = SamplingOptions.Greedy, IgnoreEos = true };
        await foreach (var _ in _generator.GenerateAsync([1, 403], options)) break;
        // The generator is free again: a second generation runs to completion.
        var chunks = await Collect([1, 403], new GenerationOptions { MaxTokens = 3, Sampling = SamplingOptions.Greedy });
        Assert.Equal(3, chunks.Count);
    }

    [Fact]
    public void PromptFillingTheContextIsRejectedBeforeStreaming()
    {
        using var small = LlamaModel.Load(ModelFiles.Stories260K, new ModelOptions { ContextLength = 16 });
        using var generator = new TextGenerator(small, 1);
        var e = Assert.Throws<ArgumentException>(() => generator.GenerateAsync(new int[16], new GenerationOptions()));
        Assert.Contains("context holds 16", e.Message);
    }

    [Fact]
    public async Task ContextEndsGenerationWithLength()
    {
        using var small = LlamaModel.Load(ModelFiles.Stories260K, new ModelOptions { ContextLength = 12 });
        using var generator = new TextGenerator(small, 1);
        var chunks = new List<GenerationChunk>();
        var options = new GenerationOptions { MaxTokens = 100, Sampling = SamplingOptions.Greedy, IgnoreEos = true };
        await foreach (var chunk in generator.GenerateAsync([1, 403, 407, 261, 378], options)) chunks.Add(chunk);
        Assert.Equal(7, chunks.Count);
        Assert.Equal(FinishReason.Length, chunks[^1].FinishReason);
    }

    [Fact]
    public void InvalidOptionsNameTheParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => _generator.GenerateAsync([1], new GenerationOptions { MaxTokens = 0 }));
        Assert.Equal("max_tokens", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => _generator.GenerateAsync([1, 9999], new GenerationOptions()));
        Assert.Contains("9999", e.Message);
    }

    [Fact]
    public async Task TopLogprobsAreSortedAndIncludeTheGreedyToken()
    {
        var options = new GenerationOptions { MaxTokens = 5, Sampling = SamplingOptions.Greedy with { TopLogprobs = 3 } };
        foreach (var chunk in await Collect([1, 403, 407, 261, 378], options))
        {
            Assert.NotNull(chunk.TopLogprobs);
            Assert.Equal(3, chunk.TopLogprobs!.Length);
            Assert.Equal(chunk.TokenId, chunk.TopLogprobs[0].Token);
            Assert.Equal(chunk.Logprob, chunk.TopLogprobs[0].Logprob, 5);
            Assert.True(chunk.TopLogprobs[0].Logprob >= chunk.TopLogprobs[1].Logprob);
            Assert.True(chunk.Logprob <= 0);
        }
    }

    private async Task<List<GenerationChunk>> Collect(int[] prompt, GenerationOptions options)
    {
        var chunks = new List<GenerationChunk>();
        using var cts = new CancellationTokenSource(Timeout);
        await foreach (var chunk in _generator.GenerateAsync(prompt, options, cts.Token)) chunks.Add(chunk);
        return chunks;
    }

    public void Dispose()
    {
        _generator.Dispose();
        _model.Dispose();
    }
}
