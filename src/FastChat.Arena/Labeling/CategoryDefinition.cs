using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FastChat.Arena.Labeling;

/// <summary>
/// One labelling category: its tag (e.g. "math_v0.1"), prompts, and how the answer is parsed. Parsing follows
/// FastChat's category.py: all distinct matches of the pattern must agree, otherwise the answer has no verdict.
/// </summary>
public sealed record CategoryDefinition
{
    private static readonly Regex CriteriaPattern = new(@"(\[\d(?:\,\s\d)*\])", RegexOptions.Compiled);
    private static readonly Regex ScorePattern = new(@"<score>([012345])<\/score>", RegexOptions.Compiled);
    private static readonly Regex DecisionPattern = new(@"<decision>(\w+)<\/decision>", RegexOptions.Compiled);

    /// <summary>Key under category_tag, e.g. "criteria_v0.1".</summary>
    public required string NameTag { get; init; }

    /// <summary>Answer format.</summary>
    public required CategoryKind Kind { get; init; }

    /// <summary>System message.</summary>
    public required string SystemPrompt { get; init; }

    /// <summary>User message; "{PROMPT}" is replaced by the conversation's prompt.</summary>
    public string PromptTemplate { get; init; } = "{PROMPT}";

    /// <summary>Name of the boolean in the label (Score and Decision kinds), e.g. "if", "math".</summary>
    public string OutputKey { get; init; } = "label";

    /// <summary>Criterion names in order (Criteria kind): number i in the answer sets the i-th name (1-based).</summary>
    public IReadOnlyList<string> CriteriaNames { get; init; } = [];

    /// <summary>Lowest score counted as true (Score kind; FastChat counts ≥ 4).</summary>
    public int ScoreThreshold { get; init; } = 4;

    /// <summary>Also drop "[", "]" and spaces before matching a decision (creative_writing_v0.1 does).</summary>
    public bool LenientDecision { get; init; }

    /// <summary>Store the raw score or decision as "score" next to the boolean.</summary>
    public bool EmitScore { get; init; }

    /// <summary>The chat messages (role, content) sent for <paramref name="prompt"/>.</summary>
    public IReadOnlyList<(string Role, string Content)> BuildMessages(string prompt) =>
        [("system", SystemPrompt), ("user", PromptTemplate.Replace("{PROMPT}", prompt, StringComparison.Ordinal))];

    /// <summary>Reads the model's answer into the label FastChat would store.</summary>
    public CategoryLabel Parse(string judgment)
    {
        switch (Kind)
        {
            case CategoryKind.Criteria:
            {
                var verdict = Unique(CriteriaPattern.Matches(judgment));
                var numbers = verdict is null ? [] : Regex.Matches(verdict, @"\d").Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
                var value = new JsonObject();
                for (var i = 0; i < CriteriaNames.Count; i++) value[CriteriaNames[i]] = numbers.Contains(i + 1);
                return new CategoryLabel(value, verdict is not null, judgment);
            }
            case CategoryKind.Score:
            {
                var verdict = Unique(ScorePattern.Matches(judgment));
                int? score = verdict is null ? null : verdict[0] - '0';
                // FastChat: bool(score >= 4) if score else False, so a score of 0 is simply false.
                var value = new JsonObject { [OutputKey] = score is { } s && s >= ScoreThreshold, ["score"] = score };
                return new CategoryLabel(value, verdict is not null, judgment);
            }
            default:
            {
                var text = judgment.Replace("\n", "", StringComparison.Ordinal);
                if (LenientDecision) text = text.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
                var verdict = Unique(DecisionPattern.Matches(text.ToLowerInvariant()));
                var value = new JsonObject { [OutputKey] = verdict == "yes" };
                if (EmitScore) value["score"] = verdict;
                return new CategoryLabel(value, verdict is not null, judgment);
            }
        }
    }

    /// <summary>The first group of the matches when every non-empty match agrees; null when none or they disagree.</summary>
    private static string? Unique(MatchCollection matches)
    {
        var distinct = matches.Select(m => m.Groups[1].Value).Where(v => v.Length > 0).Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }
}
