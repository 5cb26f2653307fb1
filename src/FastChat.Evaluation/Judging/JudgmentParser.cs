using System.Globalization;
using System.Text.RegularExpressions;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Judging;

/// <summary>
/// Reads verdicts out of judge outputs exactly as FastChat's common.py: the first <c>[[rating]]</c>, else the first
/// <c>[rating]</c>, else -1; <c>[[A]]</c> before <c>[[B]]</c> before <c>[[C]]</c> (tie), else "error"; and for
/// two-score prompts <c>[[a, b]]</c> (or <c>[a, b]</c>) with |a - b| &lt;= 0.1 a tie.
/// </summary>
public static partial class JudgmentParser
{
    /// <summary>The score of a judgment that has no rating.</summary>
    public const double NoRating = -1;

    /// <summary>Output format of single-grading prompts.</summary>
    public const string RatingFormat = "[[rating]]";

    /// <summary>Output format of pairwise prompts that name a winner.</summary>
    public const string WinnerFormat = "[[A]]";

    /// <summary>Output format of pairwise prompts that score both answers.</summary>
    public const string TwoScoreFormat = "[[rating_a,rating_b]]";

    /// <summary>FastChat's TIE_DELTA for two-score verdicts.</summary>
    public const double TieDelta = 0.1;

    // FastChat's patterns with \d narrowed to ASCII digits: Python's \d also matches other scripts' digits, which its
    // ast.literal_eval then fails on (an exception, not a score).
    [GeneratedRegex(@"\[\[([0-9]+\.?[0-9]*)\]\]")]
    private static partial Regex OneScore();

    [GeneratedRegex(@"\[([0-9]+\.?[0-9]*)\]")]
    private static partial Regex OneScoreBackup();

    [GeneratedRegex(@"\[\[([0-9]+\.?[0-9]*),\s?([0-9]+\.?[0-9]*)\]\]")]
    private static partial Regex TwoScore();

    [GeneratedRegex(@"\[([0-9]+\.?[0-9]*),\s?([0-9]+\.?[0-9]*)\]")]
    private static partial Regex TwoScoreBackup();

    /// <summary>The rating in a single-grading judgment, or -1.</summary>
    public static double ParseRating(string judgment)
    {
        var match = OneScore().Match(judgment);
        if (!match.Success) match = OneScoreBackup().Match(judgment);
        return match.Success ? Number(match.Groups[1].Value) : NoRating;
    }

    /// <summary>"A", "B", "tie" or "error" for a pairwise judgment in <paramref name="outputFormat"/>.</summary>
    /// <exception cref="ArgumentException">An output format FastChat does not know.</exception>
    public static string ParseWinner(string judgment, string outputFormat)
    {
        switch (outputFormat)
        {
            case WinnerFormat:
                if (judgment.Contains("[[A]]", StringComparison.Ordinal)) return "A";
                if (judgment.Contains("[[B]]", StringComparison.Ordinal)) return "B";
                if (judgment.Contains("[[C]]", StringComparison.Ordinal)) return PairwiseJudgment.Tie;
                return PairwiseJudgment.Error;
            case TwoScoreFormat:
                var match = TwoScore().Match(judgment);
                if (!match.Success) match = TwoScoreBackup().Match(judgment);
                if (!match.Success) return PairwiseJudgment.Error;
                var a = Number(match.Groups[1].Value);
                var b = Number(match.Groups[2].Value);
                return Math.Abs(a - b) <= TieDelta ? PairwiseJudgment.Tie : a > b ? "A" : "B";
            default:
                throw new ArgumentException($"invalid output format: {outputFormat}", nameof(outputFormat));
        }
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
