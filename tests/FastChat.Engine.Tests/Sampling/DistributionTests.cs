using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

/// <summary>
/// Empirical frequencies of 100,000 seeded draws against the exact truncated distribution (float64, computed in
/// <see cref="ReferenceDistribution"/>). Tolerance per token: |f - p| ≤ 5·sqrt(p(1-p)/N) + 1e-4 (a false alarm
/// is ~1e-6 per token), and tokens with p = 0 must never be drawn. Seeds are fixed, so the test is repeatable.
/// </summary>
public class DistributionTests
{
    private const int Draws = 100_000;

    public static TheoryData<string, int, SamplingOptions> Cases() => new()
    {
        { "plain", 40, new SamplingOptions { Seed = 1 } },
        { "temperature 0.7", 40, new SamplingOptions { Temperature = 0.7f, Seed = 2 } },
        { "temperature 1.8", 40, new SamplingOptions { Temperature = 1.8f, Seed = 3 } },
        { "top-k 5", 40, new SamplingOptions { TopK = 5, Seed = 4 } },
        { "top-p 0.6", 40, new SamplingOptions { TopP = 0.6f, Seed = 5 } },
        { "min-p 0.2", 40, new SamplingOptions { MinP = 0.2f, Seed = 6 } },
        { "top-k 12, top-p 0.8, min-p 0.05, T 0.8", 40, new SamplingOptions { TopK = 12, TopP = 0.8f, MinP = 0.05f, Temperature = 0.8f, Seed = 7 } },
        { "top-k 40 of 32000", 32000, new SamplingOptions { TopK = 40, Seed = 8 } },
        { "top-p 0.9 of 32000 (peaked: first try)", 32000, new SamplingOptions { TopP = 0.9f, Temperature = 0.9f, Seed = 9 } },
        { "min-p 0.1 of 32000", 32000, new SamplingOptions { MinP = 0.1f, Seed = 10 } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Frequencies_match_the_truncated_distribution(string name, int vocabSize, SamplingOptions options)
    {
        var logits = ReferenceDistribution.RandomLogits(vocabSize, seed: name.Length, peaks: vocabSize > 1000 ? 6 : 0);
        var expected = ReferenceDistribution.Probabilities(logits, options);
        var counts = new int[vocabSize];
        var sampler = new Sampler(options, vocabSize);
        for (var i = 0; i < Draws; i++) counts[sampler.Sample(logits).Token]++;

        for (var id = 0; id < vocabSize; id++)
        {
            var p = expected[id];
            var frequency = (double)counts[id] / Draws;
            if (p == 0) Assert.True(counts[id] == 0, $"{name}: token {id} is outside the truncated set but was drawn {counts[id]} times");
            else Assert.True(Math.Abs(frequency - p) <= 5 * Math.Sqrt(p * (1 - p) / Draws) + 1e-4, $"{name}: token {id} p={p:F5} observed {frequency:F5}");
        }
    }

    [Fact]
    public void Top_p_that_needs_most_of_a_flat_vocabulary_falls_back_to_a_full_sort_correctly()
    {
        // Flat logits over 2000 tokens: the nucleus holds ~1000 tokens, more than the first partial try.
        const int vocab = 2000;
        var logits = ReferenceDistribution.RandomLogits(vocab, seed: 77, scale: 0.3f);
        var options = new SamplingOptions { TopP = 0.5f, Seed = 11 };
        var expected = ReferenceDistribution.Probabilities(logits, options);
        Assert.InRange(expected.Count(p => p > 0), 300, vocab);
        // Each draw sorts 2000 logits, so fewer draws; the bound below scales with them.
        const int draws = 20_000;
        var sampler = new Sampler(options, vocab);
        var counts = new int[vocab];
        for (var i = 0; i < draws; i++) counts[sampler.Sample(logits).Token]++;
        for (var id = 0; id < vocab; id++)
        {
            if (expected[id] == 0) Assert.Equal(0, counts[id]);
        }
        // Too many tokens for per-token bounds to be tight: compare the mass of the upper and lower halves instead.
        var kept = Enumerable.Range(0, vocab).Where(id => expected[id] > 0).OrderByDescending(id => logits[id]).ToArray();
        var upper = kept.Take(kept.Length / 2).ToArray();
        var expectedUpper = upper.Sum(id => expected[id]);
        var observedUpper = upper.Sum(id => counts[id]) / (double)draws;
        Assert.True(Math.Abs(observedUpper - expectedUpper) <= 5 * Math.Sqrt(expectedUpper * (1 - expectedUpper) / draws),
            $"upper half: expected {expectedUpper:F4}, observed {observedUpper:F4}");
    }

    [Fact]
    public void Banned_tokens_are_never_drawn()
    {
        var logits = ReferenceDistribution.RandomLogits(64, seed: 3);
        var banned = new Dictionary<int, float> { [7] = -100f, [8] = -100f };
        var top = Array.IndexOf(logits, logits.Max());
        banned[top] = -100f;
        var sampler = new Sampler(new SamplingOptions { LogitBias = banned, Temperature = 1.5f, Seed = 5 }, 64);
        for (var i = 0; i < 20_000; i++) Assert.DoesNotContain(sampler.Sample(logits).Token, banned.Keys);
    }
}
