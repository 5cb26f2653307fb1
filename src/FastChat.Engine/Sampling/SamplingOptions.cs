namespace FastChat.Engine.Sampling;

/// <summary>
/// How the next token is chosen from a model's logits. Defaults reproduce plain sampling from the model's
/// distribution (temperature 1, no truncation, no penalties). Parameter names in <see cref="Validate"/>
/// errors are the OpenAI / vLLM request names, so the API layer can pass them through.
/// </summary>
/// <remarks>
/// <para>The processing order in <see cref="Sampler.Sample"/> is fixed:</para>
/// <list type="number">
/// <item><see cref="LogitBias"/> is added to the raw logits.</item>
/// <item><see cref="RepetitionPenalty"/> (Hugging Face / llama.cpp style) over the last <see cref="PenaltyWindow"/> tokens of prompt + generated text.</item>
/// <item><see cref="PresencePenalty"/> and <see cref="FrequencyPenalty"/> (OpenAI style) over all generated tokens.</item>
/// <item>Log-probabilities are taken here: log-softmax of the logits after bias and penalties, before temperature and truncation.</item>
/// <item>Temperature 0: argmax (ties to the lowest id). Otherwise llama.cpp's default chain:
/// <see cref="TopK"/> → <see cref="TopP"/> → <see cref="MinP"/> → <see cref="Temperature"/> → draw.
/// Top-p and min-p therefore see the untempered distribution (Hugging Face applies temperature first).</item>
/// </list>
/// </remarks>
public sealed record SamplingOptions
{
    /// <summary>Largest <see cref="TopLogprobs"/> accepted (OpenAI's limit).</summary>
    public const int MaxTopLogprobs = 20;

    /// <summary>Softmax temperature, 0..2; 0 means greedy (argmax).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep only the K most likely tokens; 0 turns it off.</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus sampling: keep the most likely tokens until their probability mass reaches P, in (0, 1]; 1 turns it off.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drop tokens whose probability is below MinP times the top token's, in [0, 1]; 0 turns it off.</summary>
    public float MinP { get; init; }

    /// <summary>
    /// Multiplicative penalty (> 0, 1 = off) for every distinct token in the window: a positive logit is divided
    /// by it, a negative one multiplied, as Hugging Face and llama.cpp do.
    /// </summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>OpenAI presence penalty, -2..2: subtracted once from the logit of every token generated so far.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>OpenAI frequency penalty, -2..2: subtracted from a token's logit once per time it was generated.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>How many of the most recent tokens (prompt and generated) <see cref="RepetitionPenalty"/> looks at; -1 = all, 0 = none.</summary>
    public int PenaltyWindow { get; init; } = 64;

    /// <summary>Token id → value added to its logit before anything else (OpenAI: -100..100; -100 in effect bans a token).</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>Seed of the sampler's own RNG: the same seed and logits give the same tokens on any machine; null = a random seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>How many most-likely alternatives to return with each token, 0..20.</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Temperature 0: always the most likely token.</summary>
    public static SamplingOptions Greedy { get; } = new() { Temperature = 0f };

    /// <summary>Whether tokens are chosen by argmax rather than drawn.</summary>
    public bool IsGreedy => Temperature == 0f;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> (ParamName = the OpenAI-style parameter name, message with the
    /// allowed range) for the first setting out of range.
    /// </summary>
    public void Validate(int vocabSize)
    {
        if (vocabSize <= 0) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "The vocabulary size must be positive.");
        Require(float.IsFinite(Temperature) && Temperature is >= 0f and <= 2f, "temperature", $"temperature must be between 0 and 2 (0 = greedy); got {Temperature}.");
        Require(TopK >= 0, "top_k", $"top_k must be >= 0 (0 = off); got {TopK}.");
        Require(float.IsFinite(TopP) && TopP is > 0f and <= 1f, "top_p", $"top_p must be in (0, 1] (1 = off); got {TopP}.");
        Require(float.IsFinite(MinP) && MinP is >= 0f and <= 1f, "min_p", $"min_p must be between 0 and 1 (0 = off); got {MinP}.");
        Require(float.IsFinite(RepetitionPenalty) && RepetitionPenalty > 0f, "repetition_penalty", $"repetition_penalty must be > 0 (1 = off); got {RepetitionPenalty}.");
        Require(float.IsFinite(PresencePenalty) && PresencePenalty is >= -2f and <= 2f, "presence_penalty", $"presence_penalty must be between -2 and 2; got {PresencePenalty}.");
        Require(float.IsFinite(FrequencyPenalty) && FrequencyPenalty is >= -2f and <= 2f, "frequency_penalty", $"frequency_penalty must be between -2 and 2; got {FrequencyPenalty}.");
        Require(PenaltyWindow >= -1, "repeat_last_n", $"repeat_last_n must be >= -1 (-1 = all tokens, 0 = none); got {PenaltyWindow}.");
        Require(TopLogprobs is >= 0 and <= MaxTopLogprobs, "top_logprobs", $"top_logprobs must be between 0 and {MaxTopLogprobs}; got {TopLogprobs}.");
        if (LogitBias is null) return;
        foreach (var (token, bias) in LogitBias)
        {
            Require(token >= 0 && token < vocabSize, "logit_bias", $"logit_bias token ids must be between 0 and {vocabSize - 1}; got {token}.");
            Require(float.IsFinite(bias) && bias is >= -100f and <= 100f, "logit_bias", $"logit_bias values must be between -100 and 100; token {token} has {bias}.");
        }
    }

    private static void Require(bool condition, string parameter, string message)
    {
        if (!condition) throw new ArgumentException(message, parameter);
    }
}
