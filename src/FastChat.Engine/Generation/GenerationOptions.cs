using FastChat.Engine.Constraints;
using FastChat.Engine.Sampling;

namespace FastChat.Engine.Generation;

/// <summary>What to generate: how many tokens, how to sample them, and when to stop.</summary>
public sealed record GenerationOptions
{
    /// <summary>Most tokens to generate; null runs until a stop or the end of the context.</summary>
    public int? MaxTokens { get; init; } = 256;

    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Strings that end generation; the stop string itself is not returned.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Token ids that end generation besides the model's end-of-sequence/turn tokens.</summary>
    public IReadOnlyList<int> StopTokens { get; init; } = [];

    /// <summary>Keep generating through end-of-sequence tokens (benchmarks).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Restricts the tokens each sequence may sample (e.g. JSON mode); null = unconstrained.</summary>
    public ILogitsConstraintFactory? Constraint { get; init; }

    /// <exception cref="ArgumentException">A value out of range; ParamName is the OpenAI parameter name.</exception>
    public void Validate(int vocabSize)
    {
        if (MaxTokens is < 1)
            throw new ArgumentException($"max_tokens must be at least 1, not {MaxTokens}.", "max_tokens");
        Sampling.Validate(vocabSize);
        foreach (var stop in StopSequences)
            if (string.IsNullOrEmpty(stop))
                throw new ArgumentException("A stop sequence must not be empty.", "stop");
        foreach (var token in StopTokens)
            if ((uint)token >= (uint)vocabSize)
                throw new ArgumentException($"Stop token {token} is outside the vocabulary of {vocabSize}.", "stop_token_ids");
    }
}
