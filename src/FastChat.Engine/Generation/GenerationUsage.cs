namespace FastChat.Engine.Generation;

/// <summary>Token counts of one generation (OpenAI's usage).</summary>
public readonly record struct GenerationUsage(int PromptTokens, int CompletionTokens)
{
    /// <summary>Prompt tokens reused from the scheduler's prefix cache, not computed (OpenAI's cached_tokens).</summary>
    public int CachedPromptTokens { get; init; }

    public int TotalTokens => PromptTokens + CompletionTokens;
}
