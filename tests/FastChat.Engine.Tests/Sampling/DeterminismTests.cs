using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

public class DeterminismTests
{
    private static int[] Run(SamplingOptions options, int steps = 200, int peaks = 0)
    {
        var logits = ReferenceDistribution.RandomLogits(32000, seed: 21, peaks: peaks);
        var sampler = new Sampler(options, logits.Length);
        return Enumerable.Range(0, steps).Select(_ => sampler.Sample(logits).Token).ToArray();
    }

    [Theory]
    [InlineData(0, 1f, 0.9f)]
    [InlineData(40, 0.8f, 1f)]
    [InlineData(0, 1.5f, 1f)]
    public void The_same_seed_gives_the_same_tokens(int topK, float temperature, float topP)
    {
        var options = new SamplingOptions { Seed = 1234, TopK = topK, Temperature = temperature, TopP = topP, RepetitionPenalty = 1.1f };
        var first = Run(options);
        Assert.Equal(first, Run(options));
        Assert.NotEqual(first, Run(options with { Seed = 1235 }));
        Assert.True(first.Distinct().Count() > 1, "the draws should vary from step to step");
    }

    [Fact]
    public void Without_a_seed_each_sampler_picks_its_own()
    {
        var a = new Sampler(new SamplingOptions(), 10);
        var b = new Sampler(new SamplingOptions(), 10);
        Assert.NotEqual(a.Seed, b.Seed);
        Assert.Equal(99UL, new Sampler(new SamplingOptions { Seed = 99 }, 10).Seed);
    }

    [Fact]
    public void Xoshiro_matches_the_reference_implementation()
    {
        // SplitMix64 from state 0 (Vigna's splitmix64.c): first output 0xE220A8397B1DCDAF.
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Xoshiro256StarStar.SplitMix64(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, Xoshiro256StarStar.SplitMix64(ref state));

        // xoshiro256** from state {1, 2, 3, 4} (the reference xoshiro256starstar.c): 11520, 0, 1509978240, 1215971899390074240.
        var rng = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        Assert.Equal([11520UL, 0UL, 1509978240UL, 1215971899390074240UL],
            Enumerable.Range(0, 4).Select(_ => rng.NextUInt64()).ToArray());
    }

    [Fact]
    public void Uniform_doubles_lie_in_the_unit_interval_with_the_right_mean()
    {
        var rng = new Xoshiro256StarStar(42);
        var sum = 0.0;
        for (var i = 0; i < 100_000; i++)
        {
            var u = rng.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            sum += u;
        }
        // Mean of 100k uniforms: σ = sqrt(1/12/1e5) ≈ 0.0009; allow 5σ.
        Assert.Equal(0.5, sum / 100_000, 0.0046);
    }
}
