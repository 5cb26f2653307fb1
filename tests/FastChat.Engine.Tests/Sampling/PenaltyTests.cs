using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

/// <summary>
/// Each adjustment against logits worked out by hand. The sampler reports log-softmax of the adjusted logits,
/// so with TopLogprobs covering the whole (tiny) vocabulary the adjusted logits are visible up to a constant.
/// </summary>
public class PenaltyTests
{
    private static readonly float[] Logits = [2f, -1f, 0.5f, 3f, -2f, 1f];

    private static double[] AdjustedLogprobs(SamplingOptions options, int[] prompt, int[] generated)
    {
        var sampler = new Sampler(options with { TopLogprobs = Logits.Length, Temperature = 0f }, Logits.Length);
        sampler.AcceptPrompt(prompt);
        foreach (var token in generated) sampler.Accept(token);
        var result = sampler.Sample(Logits);
        var byToken = new double[Logits.Length];
        foreach (var top in result.TopLogprobs!) byToken[top.Token] = top.Logprob;
        return byToken;
    }

    private static void AssertLogprobs(double[] expectedLogits, double[] actual)
    {
        var expected = ReferenceDistribution.LogSoftmax(expectedLogits);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
    }

    [Fact]
    public void Logit_bias_is_added()
    {
        var bias = new Dictionary<int, float> { [0] = 1.5f, [3] = -4f };
        AssertLogprobs([3.5, -1, 0.5, -1, -2, 1], AdjustedLogprobs(new SamplingOptions { LogitBias = bias }, [], []));
    }

    [Fact]
    public void Repetition_penalty_divides_positive_and_multiplies_negative_logits_once_per_distinct_token()
    {
        // Tokens 0 (2 → 1), 1 (-1 → -2) and 3 (3 → 1.5) are in the window; 0 appears three times but is penalised once.
        AssertLogprobs([1, -2, 0.5, 1.5, -2, 1],
            AdjustedLogprobs(new SamplingOptions { RepetitionPenalty = 2f }, prompt: [0, 1, 0], generated: [3, 0]));
    }

    [Fact]
    public void Repetition_penalty_only_sees_the_window()
    {
        // Window 2 over prompt + generated [0, 1, 3, 5]: only 3 (3 → 1.5) and 5 (1 → 0.5).
        AssertLogprobs([2, -1, 0.5, 1.5, -2, 0.5],
            AdjustedLogprobs(new SamplingOptions { RepetitionPenalty = 2f, PenaltyWindow = 2 }, prompt: [0, 1], generated: [3, 5]));
        // Window -1: all of them.
        AssertLogprobs([1, -2, 0.5, 1.5, -2, 0.5],
            AdjustedLogprobs(new SamplingOptions { RepetitionPenalty = 2f, PenaltyWindow = -1 }, prompt: [0, 1], generated: [3, 5]));
        // Window 0: none.
        AssertLogprobs(Logits.Select(l => (double)l).ToArray(),
            AdjustedLogprobs(new SamplingOptions { RepetitionPenalty = 2f, PenaltyWindow = 0 }, prompt: [0, 1], generated: [3, 5]));
    }

    [Fact]
    public void Presence_and_frequency_penalties_count_generated_tokens_only()
    {
        // Generated: 2 ×3, 4 ×1; prompt token 0 does not count. logit -= count·0.5 + 0.25.
        AssertLogprobs([2, -1, 0.5 - 1.5 - 0.25, 3, -2 - 0.5 - 0.25, 1],
            AdjustedLogprobs(new SamplingOptions { FrequencyPenalty = 0.5f, PresencePenalty = 0.25f }, prompt: [0, 0], generated: [2, 4, 2, 2]));
    }

    [Fact]
    public void Bias_comes_before_the_repetition_penalty()
    {
        // Token 1: -1 + 3 = 2, then penalised to 1. Token 3: 3 - 4 = -1, then penalised to -2.
        var options = new SamplingOptions { LogitBias = new Dictionary<int, float> { [1] = 3f, [3] = -4f }, RepetitionPenalty = 2f };
        AssertLogprobs([2, 1, 0.5, -2, -2, 1], AdjustedLogprobs(options, prompt: [1, 3], generated: []));
    }

    [Fact]
    public void Sampled_tokens_enter_the_history()
    {
        var sampler = new Sampler(new SamplingOptions { Temperature = 0f, FrequencyPenalty = 2f }, 3);
        // Each pick costs its token 2: (4, 5) → 1; (4, 3) → 0; (2, 3) → 1; (2, 1) → 0.
        Assert.Equal([1, 0, 1, 0], Enumerable.Range(0, 4).Select(_ => sampler.Sample([4f, 5f, 0f]).Token));
    }
}
