namespace FastChat.Conversation;

/// <summary>One OpenAI-style chat message.</summary>
/// <param name="Role">system, user, assistant or tool (any string a template understands).</param>
/// <param name="Content">The text; null for an assistant turn that only calls tools, or the open turn to generate.</param>
/// <param name="ToolCalls">Function calls an assistant message makes, if any.</param>
/// <param name="ToolCallId">For a tool message: the id of the call it answers.</param>
/// <param name="Name">Optional name (of the tool for a tool message).</param>
public sealed record ChatMessage(
    string Role,
    string? Content,
    IReadOnlyList<ToolCall>? ToolCalls = null,
    string? ToolCallId = null,
    string? Name = null)
{
    /// <summary>A system message.</summary>
    public static ChatMessage System(string content) => new("system", content);

    /// <summary>A user message.</summary>
    public static ChatMessage User(string content) => new("user", content);

    /// <summary>An assistant message.</summary>
    public static ChatMessage Assistant(string? content, IReadOnlyList<ToolCall>? toolCalls = null) => new("assistant", content, toolCalls);

    /// <summary>A tool result answering <paramref name="toolCallId"/>.</summary>
    public static ChatMessage Tool(string content, string? toolCallId = null, string? name = null) => new("tool", content, null, toolCallId, name);
}

/// <summary>A function call made by an assistant message (OpenAI <c>tool_calls[i]</c>).</summary>
/// <param name="Id">The call id.</param>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments as a JSON text (OpenAI sends a string).</param>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);
