using FastChat.Engine.Generation;
using FastChat.Engine.Models;

namespace FastChat.Quantization.Quality;

/// <summary>
/// Scores an original and a quantized model on the same chunks of a text, the way <see cref="Perplexity"/> does
/// (chunks of a context length from an empty cache, second half scored), keeping the original's logits of one
/// chunk at a time to compare position by position. Distributions are compared in float64.
/// </summary>
public static class QualityComparer
{
    /// <exception cref="ArgumentException">The models have different vocabularies, or the text is shorter than one chunk.</exception>
    public static QualityReport Compare(IInferenceBackend original, IInferenceBackend quantized, ReadOnlySpan<int> tokens,
                                        int contextLength, int threads, IProgress<(int Done, int Total)>? progress = null,
                                        CancellationToken cancellationToken = default)
    {
        var vocab = original.Config.VocabSize;
        if (quantized.Config.VocabSize != vocab)
            throw new ArgumentException($"The models' vocabularies differ ({vocab} vs {quantized.Config.VocabSize} tokens).", nameof(quantized));
        var chunks = tokens.Length / contextLength;
        if (chunks == 0)
            throw new ArgumentException($"The text has {tokens.Length} tokens; at least one chunk of {contextLength} is needed.", nameof(tokens));

        using var baseWorkspace = original.CreateWorkspace(threads);
        using var quantWorkspace = quantized.CreateWorkspace(threads);
        var scoredPerChunk = contextLength - contextLength / 2;
        var baseLogits = new float[scoredPerChunk * vocab];
        var divergences = new List<double>(chunks * scoredPerChunk);
        double baseNll = 0, quantNll = 0;
        var agree = 0;
        for (var c = 0; c < chunks; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = tokens.Slice(c * contextLength, contextLength);
            var firstScored = -1;
            var basePpl = Perplexity.Compute(original, baseWorkspace, chunk, contextLength, onLogits: (position, logits) =>
            {
                if (firstScored < 0) firstScored = position;
                logits.CopyTo(baseLogits.AsSpan((position - firstScored) * vocab, vocab));
            }, cancellationToken: cancellationToken);
            var quantPpl = Perplexity.Compute(quantized, quantWorkspace, chunk, contextLength, onLogits: (position, logits) =>
            {
                var reference = baseLogits.AsSpan((position - firstScored) * vocab, vocab);
                divergences.Add(KlDivergence(reference, logits));
                if (ArgMax(reference) == ArgMax(logits)) agree++;
            }, cancellationToken: cancellationToken);
            baseNll += basePpl.MeanNll * basePpl.ScoredTokens;
            quantNll += quantPpl.MeanNll * quantPpl.ScoredTokens;
            progress?.Report((c + 1, chunks));
        }
        var scored = divergences.Count;
        divergences.Sort();
        return new QualityReport(
            Math.Exp(baseNll / scored),
            Math.Exp(quantNll / scored),
            divergences.Average(),
            divergences[Math.Min(scored - 1, (int)Math.Ceiling(0.99 * scored) - 1)],
            (double)agree / scored,
            scored,
            chunks);
    }

    /// <summary>KL(softmax(p) || softmax(q)) in nats.</summary>
    public static double KlDivergence(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        double maxP = double.NegativeInfinity, maxQ = double.NegativeInfinity;
        for (var i = 0; i < p.Length; i++)
        {
            maxP = Math.Max(maxP, p[i]);
            maxQ = Math.Max(maxQ, q[i]);
        }
        double sumP = 0, sumQ = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sumP += Math.Exp(p[i] - maxP);
            sumQ += Math.Exp(q[i] - maxQ);
        }
        double logZp = maxP + Math.Log(sumP), logZq = maxQ + Math.Log(sumQ), kl = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var logP = p[i] - logZp;
            kl += Math.Exp(logP) * (logP - (q[i] - logZq));
        }
        return Math.Max(0, kl);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
