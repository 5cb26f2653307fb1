using System.Text.RegularExpressions;

namespace FastChat.Arena.Ratings;

/// <summary>
/// The markdown elements style control counts in an answer, with FastChat's add_markdown_info regexes, after
/// removing ``` code blocks: headers (# to ######), list items (ordered and unordered) and bold spans (** and __).
/// </summary>
public readonly record struct MarkdownCounts(int Headers, int ListItems, int Bold)
{
    private static readonly Regex CodeBlock = new("```([^`]*)```", RegexOptions.Compiled);
    private static readonly Regex[] HeaderLevels = Enumerable.Range(1, 6)
        .Select(level => new Regex($"^#{{{level}}}\\s", RegexOptions.Multiline | RegexOptions.Compiled)).ToArray();
    private static readonly Regex Ordered = new(@"^\s*\d+\.\s", RegexOptions.Multiline | RegexOptions.Compiled);
    private static readonly Regex Unordered = new(@"^\s*[-*+]\s", RegexOptions.Multiline | RegexOptions.Compiled);
    private static readonly Regex BoldStars = new(@"\*\*[^*\n]+\*\*", RegexOptions.Compiled);
    private static readonly Regex BoldUnderscores = new(@"__[^_\n]+__", RegexOptions.Compiled);

    /// <summary>Counts the elements of <paramref name="markdown"/>.</summary>
    public static MarkdownCounts Count(string markdown)
    {
        var text = CodeBlock.Replace(markdown, "");
        // Python's re.findall counts non-overlapping matches; Regex.Count does the same.
        var headers = HeaderLevels.Sum(r => r.Count(text));
        return new MarkdownCounts(headers, Ordered.Count(text) + Unordered.Count(text), BoldStars.Count(text) + BoldUnderscores.Count(text));
    }
}
