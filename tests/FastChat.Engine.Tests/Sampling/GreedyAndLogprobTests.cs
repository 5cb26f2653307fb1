using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

public class GreedyAndLogprobTests
{
    [Fact]
    public void Greedy_picks_the_argmax_and_breaks_ties_to_the_lowest_id()
    {
        var sampler = new Sampler(SamplingOptions.Greedy, 10);
        Assert.Equal(3, sampler.Sample([0f, 1f, 2f, 5f, 4f, 5f, -1f, 5f, 0f, 0f]).Token);
        Assert.Equal(9, sampler.Sample([0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f]).Token);
        Assert.Equal(0, sampler.Sample([7f, 7f, 7f, 7f, 7f, 7f, 7f, 7f, 7f, 7f]).Token);
    }

    [Fact]
    public void Greedy_over_a_large_vocabulary_finds_the_first_maximum()
    {
        var logits = ReferenceDistribution.RandomLogits(32000, seed: 1);
        logits[20001] = 50f;
        logits[31999] = 50f;
        Assert.Equal(20001, new Sampler(SamplingOptions.Greedy, 32000).Sample(logits).Token);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(1.3f)]
    public void Logprobs_are_the_log_softmax_before_temperature_and_truncation(float temperature)
    {
        var logits = ReferenceDistribution.RandomLogits(1000, seed: 9, scale: 3f);
        var reference = ReferenceDistribution.LogSoftmax(logits.Select(l => (double)l).ToArray());
        var options = new SamplingOptions { Temperature = temperature, TopK = 3, TopLogprobs = 20, Seed = 4 };
        var sampler = new Sampler(options, logits.Length);
        for (var step = 0; step < 5; step++)
        {
            var result = sampler.Sample(logits);
            Assert.Equal(reference[result.Token], result.Logprob, 1e-4);
            var expectedTop = Enumerable.Range(0, logits.Length).OrderByDescending(i => reference[i]).ThenBy(i => i).Take(20).ToArray();
            Assert.Equal(expectedTop, result.TopLogprobs!.Select(t => t.Token).ToArray());
            foreach (var top in result.TopLogprobs!) Assert.Equal(reference[top.Token], top.Logprob, 1e-4);
        }
    }

    [Fact]
    public void No_top_logprobs_array_unless_asked()
    {
        var sampler = new Sampler(new SamplingOptions { Seed = 1 }, 8);
        Assert.Null(sampler.Sample([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f]).TopLogprobs);
    }

    [Fact]
    public void Top_logprobs_with_a_small_vocabulary_returns_every_token()
    {
        var sampler = new Sampler(new SamplingOptions { TopLogprobs = 20, Seed = 1 }, 3);
        var result = sampler.Sample([0f, 2f, 1f]);
        Assert.Equal([1, 2, 0], result.TopLogprobs!.Select(t => t.Token));
        Assert.Equal(1.0, result.TopLogprobs!.Sum(t => Math.Exp(t.Logprob)), 1e-5);
    }

    [Fact]
    public void Invalid_logits_are_rejected()
    {
        var sampler = new Sampler(new SamplingOptions { Seed = 1 }, 4);
        Assert.Throws<ArgumentException>(() => sampler.Sample([0f, 1f, 2f]));
        Assert.Throws<ArgumentException>(() => sampler.Sample([0f, float.NaN, 2f, 3f]));
        Assert.Throws<ArgumentException>(() => sampler.Sample([0f, float.PositiveInfinity, 2f, 3f]));
        Assert.Throws<ArgumentException>(() => sampler.Sample([float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity]));
        Assert.Equal(2, sampler.Sample([float.NegativeInfinity, float.NegativeInfinity, 1f, float.NegativeInfinity]).Token);
    }
}
