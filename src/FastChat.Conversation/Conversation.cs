namespace FastChat.Conversation;

/// <summary>
/// A FastChat conversation: a template plus the system message and the turns so far. Mirrors FastChat's
/// <c>Conversation</c> (<c>append_message</c>, <c>update_last_message</c>, <c>get_prompt</c>,
/// <c>to_openai_api_messages</c>) and its OpenAI server's conversion from a message list.
/// </summary>
public sealed class Conversation
{
    private readonly List<TemplateMessage> _messages;

    /// <summary>A conversation holding <paramref name="template"/>'s system message and preset turns.</summary>
    public Conversation(ConversationTemplate template)
    {
        Template = template ?? throw new ArgumentNullException(nameof(template));
        SystemMessage = template.SystemMessage;
        _messages = [.. template.PresetMessages];
    }

    /// <summary>The template this conversation renders with.</summary>
    public ConversationTemplate Template { get; }

    /// <summary>The template name.</summary>
    public string Name => Template.Name;

    /// <summary>The system message (the template's default until set).</summary>
    public string SystemMessage { get; set; }

    /// <summary>The role labels (user first, assistant second).</summary>
    public IReadOnlyList<string> Roles => Template.Roles;

    /// <summary>Every turn, the template's few-shot turns first.</summary>
    public IReadOnlyList<TemplateMessage> Messages => _messages;

    /// <summary>How many leading turns are few-shot examples.</summary>
    public int Offset => Template.Offset;

    /// <summary>Appends a turn; a null <paramref name="content"/> is the open turn the model completes.</summary>
    public void AppendMessage(string role, string? content) => _messages.Add(new TemplateMessage(role, content));

    /// <summary>Replaces the text of the last turn (used while streaming the answer).</summary>
    public void UpdateLastMessage(string? content)
    {
        if (_messages.Count == 0) throw new InvalidOperationException("the conversation has no message to update");
        _messages[^1] = _messages[^1] with { Content = content };
    }

    /// <summary>The prompt exactly as FastChat's <c>get_prompt</c> builds it.</summary>
    /// <exception cref="InvalidOperationException">The template has no separator style (API-only templates).</exception>
    public string GetPrompt() => FastChatPromptBuilder.Build(Template, SystemMessage, _messages);

    /// <summary>
    /// FastChat's <c>to_openai_api_messages</c>: the system message when not empty, then the turns after the
    /// few-shot offset as alternating user / assistant messages (an open assistant turn is left out).
    /// </summary>
    public IReadOnlyList<ChatMessage> ToOpenAiMessages()
    {
        var result = new List<ChatMessage>(_messages.Count + 1);
        if (SystemMessage.Length > 0) result.Add(ChatMessage.System(SystemMessage));
        for (var i = Offset; i < _messages.Count; i++)
        {
            var content = _messages[i].Content;
            if ((i - Offset) % 2 == 0) result.Add(new ChatMessage("user", content));
            else if (content is not null) result.Add(ChatMessage.Assistant(content));
        }
        return result;
    }

    /// <summary>
    /// Builds a conversation from OpenAI-style messages as FastChat's OpenAI server does: a system message sets the
    /// system message, user and assistant messages append turns with the template's roles, and when
    /// <paramref name="addGenerationPrompt"/> is set an open assistant turn is appended.
    /// </summary>
    /// <exception cref="ArgumentException">A message has a role FastChat templates cannot express (e.g. tool).</exception>
    public static Conversation FromOpenAiMessages(ConversationTemplate template, IEnumerable<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var conversation = template.CreateConversation();
        foreach (var message in messages)
        {
            switch (message.Role)
            {
                case "system": conversation.SystemMessage = message.Content ?? ""; break;
                case "user": conversation.AppendMessage(template.UserRole, message.Content); break;
                case "assistant": conversation.AppendMessage(template.AssistantRole, message.Content); break;
                default: throw new ArgumentException($"Unknown role: {message.Role} (FastChat template '{template.Name}' has only system, user and assistant)", nameof(messages));
            }
        }
        if (addGenerationPrompt) conversation.AppendMessage(template.AssistantRole, null);
        return conversation;
    }

    /// <summary>An independent copy (same template, same turns).</summary>
    public Conversation Copy()
    {
        var copy = new Conversation(Template) { SystemMessage = SystemMessage };
        copy._messages.Clear();
        copy._messages.AddRange(_messages);
        return copy;
    }
}
