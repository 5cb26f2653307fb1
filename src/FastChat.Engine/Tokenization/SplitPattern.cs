using System.Text.RegularExpressions;

namespace FastChat.Engine.Tokenization;

/// <summary>One step of a pre-tokenizer: finds the matches of a pattern in a piece of text.</summary>
internal abstract class SplitPattern
{
    /// <summary>Whether the pattern classes characters with \p{..}; it then runs on the one-char-per-code-point view.</summary>
    public abstract bool UsesClasses { get; }

    /// <summary>Appends the (index, length) of every non-empty match in <paramref name="subject"/>, left to right.</summary>
    public abstract void FindMatches(ReadOnlySpan<char> subject, List<(int Index, int Length)> matches);

    public static SplitPattern FromRegex(Regex regex) => new RegexPattern(regex);

    private sealed class RegexPattern(Regex regex) : SplitPattern
    {
        public override bool UsesClasses { get; } = regex.ToString().Contains(@"\p{", StringComparison.Ordinal);

        public override void FindMatches(ReadOnlySpan<char> subject, List<(int Index, int Length)> matches)
        {
            foreach (var match in regex.EnumerateMatches(subject))
                if (match.Length > 0) matches.Add((match.Index, match.Length));
        }

        public override string ToString() => regex.ToString();
    }
}
