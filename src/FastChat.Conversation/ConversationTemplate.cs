namespace FastChat.Conversation;

/// <summary>
/// An immutable FastChat conversation template: the fields of FastChat's <c>Conversation</c> dataclass with its
/// defaults. <see cref="Conversation"/> is the mutable chat built from one.
/// </summary>
/// <param name="Name">The registry name, e.g. <c>vicuna_v1.1</c>.</param>
/// <param name="Style">The separator style; null where FastChat registers none (rendering then fails, as in FastChat).</param>
public sealed record ConversationTemplate(string Name, SeparatorStyle? Style)
{
    /// <summary>Python-format template of the system prompt; <c>{system_message}</c> is replaced.</summary>
    public string SystemTemplate { get; init; } = "{system_message}";

    /// <summary>The default system message.</summary>
    public string SystemMessage { get; init; } = "";

    /// <summary>The role names, user first then assistant (a few templates list a third).</summary>
    public IReadOnlyList<string> Roles { get; init; } = ["USER", "ASSISTANT"];

    /// <summary>Few-shot turns every conversation starts with.</summary>
    public IReadOnlyList<TemplateMessage> PresetMessages { get; init; } = [];

    /// <summary>How many leading messages are few-shot examples (left out of OpenAI conversions).</summary>
    public int Offset { get; init; }

    /// <summary>The first separator (null for API-only templates).</summary>
    public string? Sep { get; init; } = "\n";

    /// <summary>The second separator, for the styles that alternate two.</summary>
    public string? Sep2 { get; init; }

    /// <summary>Strings that end generation (FastChat's <c>stop_str</c>, one or several); empty when none.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Token ids that end generation (FastChat's <c>stop_token_ids</c>); null when FastChat sets none.</summary>
    public IReadOnlyList<int>? StopTokenIds { get; init; }

    /// <summary>The role FastChat gives user turns.</summary>
    public string UserRole => Roles[0];

    /// <summary>The role FastChat gives assistant turns.</summary>
    public string AssistantRole => Roles[1];

    /// <summary>A new conversation holding this template's system message and preset turns.</summary>
    public Conversation CreateConversation() => new(this);
}

/// <summary>One turn inside a FastChat conversation: the role label and the text (null = the open turn to generate).</summary>
public sealed record TemplateMessage(string Role, string? Content);
