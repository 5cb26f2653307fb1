using FastChat.Engine.Tokenization.Unicode;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// GPT-2's split pattern <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> as a
/// hand-written scan, about twice as fast as the generated regex on this hot path (many BPE
/// vocabularies use it). Tests check that it finds the same matches as <see cref="PreTokenizerPatterns.Gpt2"/>.
/// </summary>
internal sealed class Gpt2Scanner : SplitPattern
{
    public static readonly Gpt2Scanner Instance = new();

    private enum Kind : byte { Whitespace, Letter, Number, Other }

    public override bool UsesClasses => true;

    public override void FindMatches(ReadOnlySpan<char> subject, List<(int Index, int Length)> matches)
    {
        for (var i = 0; i < subject.Length;)
        {
            var end = MatchEnd(subject, i);
            matches.Add((i, end - i));
            i = end;
        }
    }

    private static int MatchEnd(ReadOnlySpan<char> s, int i)
    {
        if (s[i] == '\'' && ContractionEnd(s, i) is > 0 and var contraction) return contraction;

        // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": a run of one kind, optionally after one space.
        var start = s[i] == ' ' && i + 1 < s.Length ? i + 1 : i;
        var kind = KindOf(s[start]);
        if (kind != Kind.Whitespace)
        {
            var end = start + 1;
            while (end < s.Length && KindOf(s[end]) == kind) end++;
            return end;
        }

        // "\s+(?!\S)" leaves the last whitespace before a non-space for the next match; "\s+" takes a lone one.
        var runEnd = i + 1;
        while (runEnd < s.Length && KindOf(s[runEnd]) == Kind.Whitespace) runEnd++;
        return runEnd < s.Length && runEnd - i > 1 ? runEnd - 1 : runEnd;
    }

    private static int ContractionEnd(ReadOnlySpan<char> s, int i)
    {
        if (i + 1 >= s.Length) return 0;
        var next = s[i + 1];
        if (next is 's' or 't' or 'm' or 'd') return i + 2;
        if (i + 2 >= s.Length) return 0;
        var after = s[i + 2];
        return (next == 'r' && after == 'e') || (next == 'v' && after == 'e') || (next == 'l' && after == 'l') ? i + 3 : 0;
    }

    // Subjects hold ASCII and the code-point view's stand-ins, all below U+0301: one table lookup per char.
    private static readonly Kind[] Kinds = Enumerable.Range(0, 0x301).Select(c => Classify((char)c)).ToArray();

    private static Kind KindOf(char c) => c < Kinds.Length ? Kinds[c] : Classify(c);

    private static Kind Classify(char c) => CodePointClasses.Of(c) switch
    {
        CodePointClass.Whitespace => Kind.Whitespace,
        CodePointClass.Letter => Kind.Letter,
        CodePointClass.Number => Kind.Number,
        _ => Kind.Other,
    };
}
