using System.Text;

namespace FastChat.Conversation;

/// <summary>
/// FastChat's <c>Conversation.get_prompt</c>, style by style, byte for byte. A message that is null or empty is
/// the open turn (FastChat tests <c>if message:</c>), so only the role prefix is written for it.
/// </summary>
internal static class FastChatPromptBuilder
{
    public static string Build(ConversationTemplate template, string systemMessage, IReadOnlyList<TemplateMessage> messages)
    {
        if (template.Style is not { } style)
            throw new InvalidOperationException($"Invalid style: None (template '{template.Name}' has no separator style; it is only used through an API)");

        var systemPrompt = SystemTemplateFormatter.Format(template.SystemTemplate, systemMessage);
        var sep = template.Sep ?? "";
        var sep2 = template.Sep2 ?? "";
        var ret = new StringBuilder(systemPrompt.Length + 64 * (messages.Count + 1));
        switch (style)
        {
            case SeparatorStyle.AddColonSingle:
                ret.Append(systemPrompt).Append(sep);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append(sep);
                    else ret.Append(role).Append(':');
                break;

            case SeparatorStyle.AddColonTwo:
                ret.Append(systemPrompt).Append(sep);
                for (var i = 0; i < messages.Count; i++)
                {
                    var (role, message) = messages[i];
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append(i % 2 == 0 ? sep : sep2);
                    else ret.Append(role).Append(':');
                }
                break;

            case SeparatorStyle.AddColonSpaceSingle:
                ret.Append(systemPrompt).Append(sep);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append(sep);
                    else ret.Append(role).Append(": "); // FastChat: must end with a space
                break;

            case SeparatorStyle.AddNewLineSingle:
                if (systemPrompt.Length > 0) ret.Append(systemPrompt).Append(sep);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append('\n').Append(message).Append(sep);
                    else ret.Append(role).Append('\n');
                break;

            case SeparatorStyle.NoColonSingle:
                ret.Append(systemPrompt);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(message).Append(sep);
                    else ret.Append(role);
                break;

            case SeparatorStyle.NoColonTwo:
                ret.Append(systemPrompt);
                for (var i = 0; i < messages.Count; i++)
                {
                    var (role, message) = messages[i];
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(message).Append(i % 2 == 0 ? sep : sep2);
                    else ret.Append(role);
                }
                break;

            case SeparatorStyle.Rwkv:
                ret.Append(systemPrompt);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message))
                        ret.Append(role).Append(": ").Append(message.Replace("\r\n", "\n").Replace("\n\n", "\n")).Append("\n\n");
                    else ret.Append(role).Append(':');
                break;

            case SeparatorStyle.Llama2:
                ret.Append(systemMessage.Length > 0 ? systemPrompt : "[INST] ");
                for (var i = 0; i < messages.Count; i++)
                {
                    var message = messages[i].Content;
                    var tag = template.Roles[i % 2];
                    if (!string.IsNullOrEmpty(message))
                    {
                        if (i == 0) ret.Append(message).Append(' ');
                        else ret.Append(tag).Append(' ').Append(message).Append(i % 2 == 0 ? sep : sep2);
                    }
                    else ret.Append(tag);
                }
                break;

            case SeparatorStyle.Llama3:
                ret.Append("<|begin_of_text|>");
                if (systemMessage.Length > 0) ret.Append(systemPrompt);
                foreach (var (role, message) in messages)
                {
                    ret.Append("<|start_header_id|>").Append(role).Append("<|end_header_id|>\n\n");
                    if (!string.IsNullOrEmpty(message)) ret.Append(PythonStrip(message)).Append("<|eot_id|>");
                }
                break;

            case SeparatorStyle.ChatGlm:
                {
                    // chatglm2 numbers its rounds from 1 (FastChat keys this on the template name).
                    var roundOffset = template.Name == "chatglm2" ? 1 : 0;
                    if (systemPrompt.Length > 0) ret.Append(systemPrompt).Append(sep);
                    for (var i = 0; i < messages.Count; i++)
                    {
                        var (role, message) = messages[i];
                        if (i % 2 == 0) ret.Append("[Round ").Append(i / 2 + roundOffset).Append(']').Append(sep);
                        if (!string.IsNullOrEmpty(message)) ret.Append(role).Append('：').Append(message).Append(sep);
                        else ret.Append(role).Append('：');
                    }
                    break;
                }

            case SeparatorStyle.ChatMl:
                if (systemPrompt.Length > 0) ret.Append(systemPrompt).Append(sep).Append('\n');
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append('\n').Append(message).Append(sep).Append('\n');
                    else ret.Append(role).Append('\n');
                break;

            case SeparatorStyle.ChatGlm3:
                if (systemMessage.Length > 0) ret.Append(systemPrompt);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append('\n').Append(message);
                    else ret.Append(role);
                break;

            case SeparatorStyle.ChatIntern:
                ret.Append(systemPrompt);
                for (var i = 0; i < messages.Count; i++)
                {
                    var (role, message) = messages[i];
                    if (i % 2 == 0) ret.Append("<s>");
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(':').Append(message).Append(i % 2 == 0 ? sep : sep2).Append('\n');
                    else ret.Append(role).Append(':');
                }
                break;

            case SeparatorStyle.Dolly:
                ret.Append(systemPrompt);
                for (var i = 0; i < messages.Count; i++)
                {
                    var (role, message) = messages[i];
                    if (!string.IsNullOrEmpty(message))
                    {
                        ret.Append(role).Append(":\n").Append(message).Append(i % 2 == 0 ? sep : sep2);
                        if (i % 2 == 1) ret.Append("\n\n");
                    }
                    else ret.Append(role).Append(":\n");
                }
                break;

            case SeparatorStyle.Phoenix:
                ret.Append(systemPrompt);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": <s>").Append(message).Append("</s>");
                    else ret.Append(role).Append(": <s>");
                break;

            case SeparatorStyle.Robin:
                ret.Append(systemPrompt).Append(sep);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(":\n").Append(message).Append(sep);
                    else ret.Append(role).Append(":\n");
                break;

            case SeparatorStyle.FalconChat:
                if (systemMessage.Length > 0) ret.Append(systemPrompt).Append(sep);
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append(sep);
                    else ret.Append(role).Append(':');
                break;

            case SeparatorStyle.MetaMath:
                if (systemPrompt.Length > 0) ret.Append(systemPrompt).Append(sep);
                for (var i = 0; i < messages.Count; i++)
                {
                    var (role, message) = messages[i];
                    // sep2 prefixes the answer ("Let's think step by step.").
                    ret.Append(role).Append(i % 2 == 0 ? ":\n" : ": " + sep2);
                    if (!string.IsNullOrEmpty(message)) ret.Append(message).Append(i % 2 == 0 ? sep : "");
                }
                break;

            case SeparatorStyle.DeepSeekChat:
                ret.Append(systemPrompt);
                for (var i = 0; i < messages.Count; i++)
                {
                    var (role, message) = messages[i];
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append(i % 2 == 0 ? sep : sep2);
                    else ret.Append(role).Append(':');
                }
                break;

            case SeparatorStyle.Yuan2:
                if (systemMessage.Length > 0) ret.Append(systemPrompt).Append(sep2);
                foreach (var (_, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(message).Append("<n>");
                // Python's rstrip("<n>") strips any trailing '<', 'n' and '>' characters, not the literal suffix.
                while (ret.Length > 0 && ret[^1] is '<' or 'n' or '>') ret.Length--;
                ret.Append(sep);
                break;

            case SeparatorStyle.Gemma:
                ret.Append("<bos>");
                foreach (var (role, message) in messages)
                {
                    ret.Append("<start_of_turn>").Append(role).Append('\n');
                    if (!string.IsNullOrEmpty(message)) ret.Append(message).Append(sep);
                }
                break;

            case SeparatorStyle.Cllm:
                {
                    ret.Append(systemPrompt).Append(sep);
                    var start = Math.Max(0, messages.Count - 2); // only the last exchange
                    for (var i = 0; start + i < messages.Count; i++)
                    {
                        var (role, message) = messages[start + i];
                        if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append(i % 2 == 0 ? sep : sep2);
                        else ret.Append(role).Append(':');
                    }
                    break;
                }

            case SeparatorStyle.Default:
                ret.Append(systemPrompt).Append('\n');
                foreach (var (role, message) in messages)
                    if (!string.IsNullOrEmpty(message)) ret.Append(role).Append(": ").Append(message).Append('\n');
                    else ret.Append(role).Append(':');
                break;

            default:
                throw new InvalidOperationException($"Invalid style: {style}");
        }
        return ret.ToString();
    }

    /// <summary>Python's <c>str.strip()</c>: trims Unicode whitespace at both ends.</summary>
    private static string PythonStrip(string text) => text.Trim();
}
