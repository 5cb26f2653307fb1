namespace FastChat.Engine.Sampling;

/// <summary>
/// The token <see cref="Sampler.Sample"/> chose, its log-probability and, when
/// <see cref="SamplingOptions.TopLogprobs"/> &gt; 0, the most likely tokens (most likely first, ties by lower id).
/// Log-probabilities are log-softmax of the logits after logit bias and penalties, before temperature and
/// top-k / top-p / min-p truncation (what OpenAI and vLLM report by default).
/// </summary>
public readonly record struct SampledToken(int Token, float Logprob, TokenLogprob[]? TopLogprobs);
