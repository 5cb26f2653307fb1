namespace FastChat.Engine.Generation;

/// <summary>Token counts of one generation (OpenAI's usage).</summary>
public readonly record struct GenerationUsage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
