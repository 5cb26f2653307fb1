namespace FastChat.Engine.Sampling;

/// <summary>A token and its log-probability (natural log, from the logits after bias and penalties, before temperature and truncation).</summary>
public readonly record struct TokenLogprob(int Token, float Logprob);
