using System.Text;

namespace FastChat.Conversation;

/// <summary>
/// Python's <c>str.format(system_message=...)</c> for system templates: <c>{system_message}</c> is replaced and
/// <c>{{</c> / <c>}}</c> are literal braces. The message itself is inserted verbatim, so braces inside it
/// (e.g. <c>{{currentDateTime}}</c>) stay as they are, exactly as in FastChat.
/// </summary>
internal static class SystemTemplateFormatter
{
    private const string Field = "{system_message}";

    public static string Format(string template, string systemMessage)
    {
        if (template.AsSpan().IndexOfAny('{', '}') < 0) return template;
        if (template == Field) return systemMessage;
        var result = new StringBuilder(template.Length + systemMessage.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { result.Append('{'); i++; }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { result.Append('}'); i++; }
            else if (c == '{' && string.CompareOrdinal(template, i, Field, 0, Field.Length) == 0) { result.Append(systemMessage); i += Field.Length - 1; }
            else if (c is '{' or '}')
                throw new FormatException($"system template has an unsupported replacement field at index {i}: \"{template}\"");
            else result.Append(c);
        }
        return result.ToString();
    }
}
