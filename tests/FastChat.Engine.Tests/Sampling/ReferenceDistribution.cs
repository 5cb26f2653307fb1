using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

/// <summary>
/// The distribution a sampler should draw from, computed independently of it in float64 with full sorts:
/// top-k, then top-p on the renormalised survivors, then min-p, then temperature, as llama.cpp chains them.
/// </summary>
internal static class ReferenceDistribution
{
    public static double[] Probabilities(float[] logits, SamplingOptions options)
    {
        var order = Enumerable.Range(0, logits.Length)
            .OrderByDescending(i => (double)logits[i]).ThenBy(i => i).ToList();
        if (options.TopK > 0) order = order.Take(options.TopK).ToList();
        var max = (double)logits[order[0]];
        if (options.TopP < 1f)
        {
            var mass = order.Sum(i => Math.Exp(logits[i] - max));
            var cumulative = 0.0;
            var keep = 0;
            while (keep < order.Count)
            {
                cumulative += Math.Exp(logits[order[keep]] - max) / mass;
                keep++;
                if (cumulative >= options.TopP) break;
            }
            order = order.Take(keep).ToList();
        }
        if (options.MinP > 0f)
            order = order.Where((id, rank) => rank == 0 || Math.Exp(logits[id] - max) >= options.MinP).ToList();
        var result = new double[logits.Length];
        foreach (var id in order) result[id] = Math.Exp((logits[id] - max) / options.Temperature);
        var total = result.Sum();
        for (var i = 0; i < result.Length; i++) result[i] /= total;
        return result;
    }

    /// <summary>log-softmax in float64.</summary>
    public static double[] LogSoftmax(IReadOnlyList<double> logits)
    {
        var max = logits.Max();
        var logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
        return logits.Select(l => l - logSum).ToArray();
    }

    /// <summary>Seeded N(0, scale) logits, optionally with a few peaked tokens, like a model's output.</summary>
    public static float[] RandomLogits(int vocabSize, int seed, float scale = 2f, int peaks = 0)
    {
        var random = new Random(seed);
        var logits = new float[vocabSize];
        for (var i = 0; i < vocabSize; i++)
            logits[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        for (var p = 0; p < peaks; p++) logits[random.Next(vocabSize)] += 20f - 2f * p;
        return logits;
    }
}
