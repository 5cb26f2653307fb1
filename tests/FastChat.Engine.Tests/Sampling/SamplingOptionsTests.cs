using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

public class SamplingOptionsTests
{
    public static TheoryData<SamplingOptions, string, string> Invalid() => new()
    {
        { new SamplingOptions { Temperature = -0.1f }, "temperature", "between 0 and 2" },
        { new SamplingOptions { Temperature = 2.5f }, "temperature", "between 0 and 2" },
        { new SamplingOptions { Temperature = float.NaN }, "temperature", "between 0 and 2" },
        { new SamplingOptions { TopK = -1 }, "top_k", ">= 0" },
        { new SamplingOptions { TopP = 0f }, "top_p", "(0, 1]" },
        { new SamplingOptions { TopP = 1.01f }, "top_p", "(0, 1]" },
        { new SamplingOptions { MinP = -0.5f }, "min_p", "between 0 and 1" },
        { new SamplingOptions { RepetitionPenalty = 0f }, "repetition_penalty", "> 0" },
        { new SamplingOptions { PresencePenalty = 2.5f }, "presence_penalty", "between -2 and 2" },
        { new SamplingOptions { FrequencyPenalty = -3f }, "frequency_penalty", "between -2 and 2" },
        { new SamplingOptions { PenaltyWindow = -2 }, "repeat_last_n", ">= -1" },
        { new SamplingOptions { TopLogprobs = 21 }, "top_logprobs", "between 0 and 20" },
        { new SamplingOptions { LogitBias = new Dictionary<int, float> { [100] = 1f } }, "logit_bias", "between 0 and 99" },
        { new SamplingOptions { LogitBias = new Dictionary<int, float> { [5] = 101f } }, "logit_bias", "between -100 and 100" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Out_of_range_settings_name_the_openai_parameter_and_the_range(SamplingOptions options, string parameter, string range)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => options.Validate(vocabSize: 100));
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(range, error.Message);
        Assert.ThrowsAny<ArgumentException>(() => new Sampler(options, 100));
    }

    [Fact]
    public void Defaults_and_edges_are_valid()
    {
        new SamplingOptions().Validate(10);
        SamplingOptions.Greedy.Validate(10);
        new SamplingOptions { Temperature = 2f, TopP = 1f, MinP = 1f, TopK = 1_000_000, PresencePenalty = -2f, FrequencyPenalty = 2f, PenaltyWindow = -1, TopLogprobs = 20,
            LogitBias = new Dictionary<int, float> { [0] = -100f, [9] = 100f } }.Validate(10);
        Assert.True(SamplingOptions.Greedy.IsGreedy);
        Assert.False(new SamplingOptions().IsGreedy);
    }
}
