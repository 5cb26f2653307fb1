using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using FastChat.Engine.Tests.Models;

namespace FastChat.Engine.Tests.Generation;

/// <summary>Perplexity against an independent computation: step-by-step decoding with float64 log-softmax.</summary>
public sealed class PerplexityTests
{
    [Fact]
    public void MatchesStepByStepNegativeLogLikelihood()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K);
        using var ws = model.CreateWorkspace(1);
        var text = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends.";
        var tokens = model.Tokenizer.Encode(text);
        var context = tokens.Length;

        var result = Perplexity.Compute(model, ws, tokens, context, batchSize: 7);

        // Reference: feed tokens one at a time and score the second half.
        var cache = model.CreateCache();
        var batch = new ModelBatch();
        var logits = new float[model.Config.VocabSize];
        double sum = 0;
        var scored = 0;
        for (var i = 0; i + 1 < context; i++)
        {
            batch.Clear();
            batch.Add(cache, [i == 0 ? model.Tokenizer.SpecialTokens.Bos!.Value : tokens[i]]);
            model.Forward(ws, batch, logits);
            if (i < context / 2 - 1) continue;
            var max = logits.Max();
            var logSum = Math.Log(logits.Sum(l => Math.Exp(l - max)));
            sum += -(logits[tokens[i + 1]] - max - logSum);
            scored++;
        }
        Assert.Equal(scored, result.ScoredTokens);
        Assert.Equal(Math.Exp(sum / scored), result.Perplexity, 1e-3);
        Assert.InRange(result.Perplexity, 1.0, 20.0); // the model wrote this kind of text: low perplexity
    }

    [Fact]
    public void ChunksShareOneCacheWithoutSeeingEachOther()
    {
        // Two identical chunks score exactly like one: the second starts from an empty cache again.
        using var model = LlamaModel.Load(ModelFiles.Stories260K);
        using var ws = model.CreateWorkspace(1);
        var tokens = model.Tokenizer.Encode("Once upon a time, there was a little girl named Lily. She loved to play outside.");
        var once = Perplexity.Compute(model, ws, tokens, tokens.Length, batchSize: 5);
        var twice = Perplexity.Compute(model, ws, [.. tokens, .. tokens], tokens.Length, batchSize: 5);
        Assert.Equal(2 * once.ScoredTokens, twice.ScoredTokens);
        Assert.Equal(once.Perplexity, twice.Perplexity, 1e-9);
    }

    [Fact]
    public void TextShorterThanOneChunkIsRejected()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K);
        using var ws = model.CreateWorkspace(1);
        Assert.Throws<ArgumentException>(() => Perplexity.Compute(model, ws, [1, 2, 3], 16));
    }
}
