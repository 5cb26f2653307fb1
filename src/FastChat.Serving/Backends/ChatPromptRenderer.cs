using FastChat.Conversation;
using FastChat.Engine.Models;

namespace FastChat.Serving.Backends;

/// <summary>
/// Renders OpenAI chat messages into a prompt with the template <see cref="ChatTemplateSelector"/> picks: the one
/// named explicitly, else the model's own GGUF Jinja template, else the FastChat template its model adapters
/// choose from the model name, else the default.
/// </summary>
public sealed class ChatPromptRenderer
{
    public ChatPromptRenderer(string modelName, string? templateName = null, string? ggufChatTemplate = null,
                              string bosToken = "", string eosToken = "")
    {
        Selection = ChatTemplateSelector.Select(templateName, ggufChatTemplate, modelName, bosToken, eosToken);
        // The FastChat wire protocol's worker_get_conv_template needs a FastChat template even when Jinja renders.
        Template = Selection.Template is FastChatChatTemplate fastChat
            ? fastChat.Template
            : ConversationTemplates.Get(ModelAdapters.MatchTemplate(modelName));
    }

    /// <summary>The renderer for a loaded model: its chat template and special-token texts.</summary>
    public static ChatPromptRenderer For(IInferenceBackend model, string modelName, string? templateName = null)
    {
        var tokenizer = model.Tokenizer;
        string TokenText(int? id) => id is { } i ? tokenizer.Vocabulary.GetToken(i) : "";
        return new ChatPromptRenderer(modelName, templateName, model.ChatTemplate,
                                      TokenText(tokenizer.SpecialTokens.Bos), TokenText(tokenizer.SpecialTokens.Eos));
    }

    /// <summary>Which template renders, where it came from and why (logged at startup).</summary>
    public ChatTemplateSelection Selection { get; }

    /// <summary>The FastChat template (what <c>worker_get_conv_template</c> returns).</summary>
    public ConversationTemplate Template { get; }

    /// <exception cref="ArgumentException">Messages the template cannot express, or a template error (param "messages").</exception>
    public ChatPrompt Render(IReadOnlyList<ChatMessage> messages)
    {
        var template = Selection.Template;
        try
        {
            return new ChatPrompt(template.Render(messages), template.StopStrings, template.StopTokenIds);
        }
        catch (Exception e) when (e is ArgumentException or TemplateException)
        {
            throw new ArgumentException(e.Message.Split(" (Parameter")[0], "messages", e);
        }
    }
}
