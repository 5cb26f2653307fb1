namespace FastChat.Serving.LoadTesting;

/// <summary>One request of a load test: the prompt, its length in tokens as counted client-side, and the completion length asked for.</summary>
/// <param name="Prompt">The prompt text (a completion prompt, or the user message for chat endpoints).</param>
/// <param name="PromptTokens">Prompt tokens by the client's count (the server's usage count replaces it in the metrics when reported).</param>
/// <param name="OutputTokens">max_tokens to request; with ignore_eos the server should generate exactly this many.</param>
public sealed record BenchmarkRequest(string Prompt, int PromptTokens, int OutputTokens);
