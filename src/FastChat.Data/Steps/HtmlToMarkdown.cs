using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FastChat.Data.Steps;

/// <summary>
/// ShareGPT HTML to markdown, following FastChat's clean_sharegpt.py: drop &lt;div&gt;/&lt;span&gt; tags, convert the
/// rest (markdownify's rules for headings, emphasis, code, lists, links, breaks), turn ChatGPT's
/// "```langCopy code...```" blocks into fenced code, and remove the "1 / 2" and "Copy N chars / N words" noise.
/// Plain text without tags goes through unchanged apart from entity decoding and the noise rules.
/// </summary>
public static partial class HtmlToMarkdown
{
    /// <summary>Converts one message.</summary>
    public static string Convert(string html)
    {
        var text = DivTag().Replace(html, "");
        text = SpanTag().Replace(text, "");
        text = Markdownify(text).Trim();
        text = CodeLanguage().Replace(text, "```$1\n$2\n```");
        var noise = Regenerate().Match(text);
        if (noise.Success && noise.Index == 0) text = text[noise.Length..];
        text = CopyChars().Replace(text, "");
        text = EmptyCodeBlock().Replace(text, "");
        return text.Replace("\n\n\n", "\n").Trim();
    }

    /// <summary>A small markdownify: walks the tags in order, keeping a list stack for numbering and indentation.</summary>
    private static string Markdownify(string html)
    {
        if (!html.Contains('<')) return WebUtility.HtmlDecode(html);
        var output = new StringBuilder(html.Length);
        var lists = new Stack<(bool Ordered, int Next)>();
        var links = new Stack<string>();
        var inPre = false;
        var position = 0;
        foreach (Match tag in AnyTag().Matches(html))
        {
            AppendText(output, html[position..tag.Index], inPre);
            position = tag.Index + tag.Length;
            var closing = tag.Groups[1].Value == "/";
            var name = tag.Groups[2].Value.ToLowerInvariant();
            var attributes = tag.Groups[3].Value;
            switch (name)
            {
                case "p" or "blockquote" when !inPre: output.Append("\n\n"); break;
                case "br": output.Append(inPre ? "\n" : "  \n"); break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    output.Append(closing ? "\n\n" : "\n\n" + new string('#', name[1] - '0') + " ");
                    break;
                case "strong" or "b": output.Append("**"); break;
                case "em" or "i": output.Append('*'); break;
                case "pre":
                    inPre = !closing;
                    output.Append(closing ? "\n```\n" : "\n```\n");
                    break;
                case "code" when !inPre: output.Append('`'); break;
                case "ul" or "ol":
                    if (closing) { if (lists.Count > 0) lists.Pop(); output.Append('\n'); }
                    else { lists.Push((name == "ol", 1)); output.Append('\n'); }
                    break;
                case "li" when !closing:
                    var (ordered, next) = lists.Count > 0 ? lists.Pop() : (false, 1);
                    lists.Push((ordered, next + 1));
                    output.Append('\n').Append(new string(' ', 2 * Math.Max(0, lists.Count - 1))).Append(ordered ? $"{next}. " : "* ");
                    break;
                case "a":
                    if (closing) output.Append("](").Append(links.Count > 0 ? links.Pop() : "").Append(')');
                    else { links.Push(Href().Match(attributes).Groups[1].Value); output.Append('['); }
                    break;
                case "hr": output.Append("\n\n---\n\n"); break;
            }
        }
        AppendText(output, html[position..], inPre);
        return output.ToString();
    }

    private static void AppendText(StringBuilder output, string raw, bool inPre)
    {
        var text = WebUtility.HtmlDecode(raw);
        output.Append(inPre ? text : Whitespace().Replace(text, " "));
    }

    [GeneratedRegex("<div.*?>")] private static partial Regex DivTag();
    [GeneratedRegex("<span.*?>")] private static partial Regex SpanTag();
    [GeneratedRegex(@"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")] private static partial Regex AnyTag();
    [GeneratedRegex("href=\"([^\"]*)\"", RegexOptions.IgnoreCase)] private static partial Regex Href();
    [GeneratedRegex(@"[ \t\r\n]+")] private static partial Regex Whitespace();
    [GeneratedRegex(@"```\s*(.*?)(?:Copy code)+(.+?)\s*?```", RegexOptions.Singleline)] private static partial Regex CodeLanguage();
    [GeneratedRegex(@"\d+ / \d+")] private static partial Regex Regenerate();
    [GeneratedRegex(@"Copy\d+ chars / \d+ words")] private static partial Regex CopyChars();
    [GeneratedRegex(@"```(.*?)Copy code\s*```")] private static partial Regex EmptyCodeBlock();
}
