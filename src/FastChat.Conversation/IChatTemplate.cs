namespace FastChat.Conversation;

/// <summary>Turns OpenAI-style messages into the prompt text a model expects; the server and CLI render through this.</summary>
public interface IChatTemplate
{
    /// <summary>A name for logs: the FastChat template name, or where a Jinja template came from.</summary>
    string Name { get; }

    /// <summary>Strings that end generation (may be empty).</summary>
    IReadOnlyList<string> StopStrings { get; }

    /// <summary>Token ids that end generation besides EOS (may be empty).</summary>
    IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>The prompt for <paramref name="messages"/>.</summary>
    /// <exception cref="TemplateException">A Jinja template failed to render.</exception>
    /// <exception cref="ArgumentException">A message the template cannot express (e.g. a tool message for a FastChat template).</exception>
    string Render(IReadOnlyList<ChatMessage> messages, ChatRenderOptions? options = null);
}

/// <summary>A FastChat conversation template behind <see cref="IChatTemplate"/> (system, user and assistant messages).</summary>
public sealed class FastChatChatTemplate(ConversationTemplate template) : IChatTemplate
{
    /// <summary>The wrapped template.</summary>
    public ConversationTemplate Template { get; } = template ?? throw new ArgumentNullException(nameof(template));

    /// <inheritdoc />
    public string Name => Template.Name;

    /// <inheritdoc />
    public IReadOnlyList<string> StopStrings => Template.StopStrings;

    /// <inheritdoc />
    public IReadOnlyList<int> StopTokenIds => Template.StopTokenIds ?? [];

    /// <inheritdoc />
    public string Render(IReadOnlyList<ChatMessage> messages, ChatRenderOptions? options = null) =>
        Conversation.FromOpenAiMessages(Template, messages, (options ?? ChatRenderOptions.Default).AddGenerationPrompt).GetPrompt();
}

/// <summary>A Jinja chat template behind <see cref="IChatTemplate"/>, with the model's BOS/EOS texts bound.</summary>
public sealed class JinjaChatTemplate(string name, JinjaTemplate template, string bosToken = "", string eosToken = "") : IChatTemplate
{
    /// <summary>The parsed template.</summary>
    public JinjaTemplate Template { get; } = template ?? throw new ArgumentNullException(nameof(template));

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>The BOS text used when the options give none.</summary>
    public string BosToken { get; } = bosToken;

    /// <summary>The EOS text used when the options give none; also the stop string.</summary>
    public string EosToken { get; } = eosToken;

    /// <inheritdoc />
    public IReadOnlyList<string> StopStrings => EosToken.Length > 0 ? [EosToken] : [];

    /// <inheritdoc />
    public IReadOnlyList<int> StopTokenIds => [];

    /// <inheritdoc />
    public string Render(IReadOnlyList<ChatMessage> messages, ChatRenderOptions? options = null)
    {
        options ??= ChatRenderOptions.Default;
        if (options.BosToken.Length == 0 && BosToken.Length > 0 || options.EosToken.Length == 0 && EosToken.Length > 0)
            options = options with
            {
                BosToken = options.BosToken.Length > 0 ? options.BosToken : BosToken,
                EosToken = options.EosToken.Length > 0 ? options.EosToken : EosToken,
            };
        return Template.RenderChat(messages, options);
    }
}
