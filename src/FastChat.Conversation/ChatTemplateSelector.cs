namespace FastChat.Conversation;

/// <summary>Where the chosen chat template came from, in the order they are tried.</summary>
public enum ChatTemplateSource
{
    /// <summary>Named by the user (a FastChat template name).</summary>
    Explicit,
    /// <summary>The model file's Jinja template (<c>tokenizer.chat_template</c>).</summary>
    GgufJinja,
    /// <summary>FastChat's model adapter matched the model name.</summary>
    FastChatAdapter,
    /// <summary>Nothing matched: FastChat's default template.</summary>
    Default,
}

/// <summary>The chosen template, where it came from, and why (for logs and <c>fastchat inspect</c>).</summary>
/// <param name="Template">The template to render with.</param>
/// <param name="Source">Which rule chose it.</param>
/// <param name="Detail">A one-line explanation, including why earlier rules were passed over.</param>
public sealed record ChatTemplateSelection(IChatTemplate Template, ChatTemplateSource Source, string Detail)
{
    /// <summary>The source as written in logs and reports: explicit, gguf-jinja, fastchat-adapter or default.</summary>
    public string SourceName => ChatTemplateSelector.SourceName(Source);
}

/// <summary>
/// Chooses a chat template: an explicit name, else the GGUF's Jinja template, else FastChat's adapter for the
/// model name, else FastChat's default template.
/// </summary>
public static class ChatTemplateSelector
{
    /// <summary>The name a source is written as: explicit, gguf-jinja, fastchat-adapter, default.</summary>
    public static string SourceName(ChatTemplateSource source) => source switch
    {
        ChatTemplateSource.Explicit => "explicit",
        ChatTemplateSource.GgufJinja => "gguf-jinja",
        ChatTemplateSource.FastChatAdapter => "fastchat-adapter",
        _ => "default",
    };

    /// <summary>Chooses the template; <paramref name="source"/> tells which rule won.</summary>
    /// <exception cref="KeyNotFoundException"><paramref name="explicitName"/> names no FastChat template.</exception>
    public static IChatTemplate Select(string? explicitName, string? ggufJinja, string? modelName, out ChatTemplateSource source)
    {
        var selection = Select(explicitName, ggufJinja, modelName);
        source = selection.Source;
        return selection.Template;
    }

    /// <summary>
    /// Chooses the template and explains the choice. A GGUF template that does not parse is passed over (the
    /// detail says why) rather than failing the model load. <paramref name="bosToken"/> and
    /// <paramref name="eosToken"/> are the model's special-token texts for Jinja templates.
    /// </summary>
    /// <exception cref="KeyNotFoundException"><paramref name="explicitName"/> names no FastChat template.</exception>
    public static ChatTemplateSelection Select(string? explicitName, string? ggufJinja, string? modelName, string bosToken = "", string eosToken = "")
    {
        if (!string.IsNullOrWhiteSpace(explicitName))
        {
            var template = ConversationTemplates.Get(explicitName);
            return new(new FastChatChatTemplate(template), ChatTemplateSource.Explicit, $"template '{template.Name}' was named explicitly");
        }

        var passedOver = "";
        if (!string.IsNullOrWhiteSpace(ggufJinja))
        {
            try
            {
                var jinja = JinjaTemplate.Parse(ggufJinja);
                return new(new JinjaChatTemplate("gguf:tokenizer.chat_template", jinja, bosToken, eosToken), ChatTemplateSource.GgufJinja,
                    $"the model's tokenizer.chat_template ({ggufJinja.Length} chars)");
            }
            catch (TemplateException e)
            {
                passedOver = $"; the model's tokenizer.chat_template was passed over: {e.Message}";
            }
        }

        if (!string.IsNullOrWhiteSpace(modelName))
        {
            var match = ModelAdapters.Match(modelName);
            var template = new FastChatChatTemplate(ConversationTemplates.Get(match.TemplateName));
            if (!match.IsDefault)
                return new(template, ChatTemplateSource.FastChatAdapter, $"FastChat's {match.AdapterName} matched '{modelName}'{passedOver}");
            return new(template, ChatTemplateSource.Default, $"no FastChat adapter matched '{modelName}'{passedOver}");
        }
        return new(new FastChatChatTemplate(ConversationTemplates.Get(ModelAdapters.DefaultTemplateName)), ChatTemplateSource.Default,
            $"no template name, model template or model name{passedOver}");
    }
}
