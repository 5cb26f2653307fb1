namespace FastChat.Conversation;

/// <summary>What a chat template is rendered with besides the messages.</summary>
public sealed record ChatRenderOptions
{
    /// <summary>Default options: with the generation prompt, no special tokens, no tools.</summary>
    public static readonly ChatRenderOptions Default = new();

    /// <summary>End with the assistant's opening so the model writes the answer (<c>add_generation_prompt</c>).</summary>
    public bool AddGenerationPrompt { get; init; } = true;

    /// <summary>The model's BOS token text (<c>bos_token</c>), e.g. <c>&lt;s&gt;</c>.</summary>
    public string BosToken { get; init; } = "";

    /// <summary>The model's EOS token text (<c>eos_token</c>), e.g. <c>&lt;/s&gt;</c>.</summary>
    public string EosToken { get; init; } = "";

    /// <summary>Tool (function) definitions as a JSON array, OpenAI style; null when the request has none.</summary>
    public string? ToolsJson { get; init; }

    /// <summary>Further template variables (e.g. <c>date_string</c>); .NET values, JSON elements, lists and dictionaries.</summary>
    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    /// <summary>The time <c>strftime_now</c> reports; null for the local time.</summary>
    public DateTime? Now { get; init; }
}
