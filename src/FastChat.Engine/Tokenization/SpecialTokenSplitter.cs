using System.Buffers;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Cuts text around the special tokens it contains, before the model's own algorithm sees it. As in llama.cpp,
/// user-defined tokens are always matched, control and unknown tokens only when parsing special tokens, and
/// longer tokens take precedence over shorter ones wherever they occur (each token in turn splits what is
/// left of the text). A trie pass first finds which tokens occur at all, so a vocabulary with thousands of
/// special tokens costs about one scan of the text, not one search per token.
/// </summary>
internal sealed class SpecialTokenSplitter
{
    private readonly string[] _texts;             // by candidate rank (rank 0 = highest precedence)
    private readonly int[] _ids;                  // by candidate rank
    private readonly bool[] _alwaysMatched;       // by candidate rank: user-defined tokens
    private readonly bool[] _leftStrip, _rightStrip;
    private readonly SearchValues<char> _firstChars;
    private readonly Dictionary<long, int> _edges = [];  // (node << 16 | char) -> child node
    private readonly List<int> _terminalRank = [-1];     // by node: rank of the token ending there, or -1
    private readonly bool _hasAlwaysMatched;

    public SpecialTokenSplitter(Vocabulary vocabulary, IReadOnlySet<int> leftStrip, IReadOnlySet<int> rightStrip)
    {
        var candidates = Enumerable.Range(0, vocabulary.Count)
            .Where(id => vocabulary.GetTokenType(id) is TokenType.Control or TokenType.UserDefined or TokenType.Unknown
                         && vocabulary.GetTokenBytes(id).Length > 0)
            .OrderByDescending(id => vocabulary.GetTokenBytes(id).Length) // llama.cpp orders by byte length
            .ThenBy(id => id)
            .ToArray();
        _ids = candidates;
        _texts = candidates.Select(vocabulary.GetToken).ToArray();
        _alwaysMatched = candidates.Select(id => vocabulary.GetTokenType(id) == TokenType.UserDefined).ToArray();
        _leftStrip = candidates.Select(leftStrip.Contains).ToArray();
        _rightStrip = candidates.Select(rightStrip.Contains).ToArray();
        _hasAlwaysMatched = _alwaysMatched.Contains(true);
        _firstChars = SearchValues.Create(_texts.Select(t => t[0]).Distinct().ToArray());
        for (var rank = 0; rank < _texts.Length; rank++) AddToTrie(_texts[rank], rank);
    }

    /// <summary>Appends the segments of <paramref name="text"/> (non-empty) to <paramref name="segments"/>.</summary>
    public void Split(ReadOnlySpan<char> text, bool parseSpecial, List<TextSegment> segments)
    {
        var whole = TextSegment.Text(0, text.Length);
        if (!parseSpecial && !_hasAlwaysMatched || _texts.Length == 0)
        {
            segments.Add(whole);
            return;
        }
        var ranks = FindOccurringRanks(text, parseSpecial);
        if (ranks is null)
        {
            segments.Add(whole);
            return;
        }
        var current = new List<TextSegment> { whole };
        var next = new List<TextSegment>();
        foreach (var rank in ranks)
        {
            next.Clear();
            foreach (var segment in current)
            {
                if (segment.IsText) SplitOn(text, segment, rank, next);
                else next.Add(segment);
            }
            (current, next) = (next, current);
        }
        segments.AddRange(current);
    }

    private void SplitOn(ReadOnlySpan<char> text, TextSegment segment, int rank, List<TextSegment> output)
    {
        var token = _texts[rank];
        int start = segment.Start, end = segment.Start + segment.Length;
        while (start < end)
        {
            var found = text[start..end].IndexOf(token, StringComparison.Ordinal);
            if (found < 0) break;
            var match = start + found;
            var leftEnd = match;
            if (_leftStrip[rank])
                while (leftEnd > start && IsAsciiSpace(text[leftEnd - 1])) leftEnd--;
            if (leftEnd > start) output.Add(TextSegment.Text(start, leftEnd - start));
            output.Add(new TextSegment(match, token.Length, _ids[rank]));
            start = match + token.Length;
            if (_rightStrip[rank])
                while (start < end && IsAsciiSpace(text[start])) start++;
        }
        if (start < end) output.Add(TextSegment.Text(start, end - start));
    }

    /// <summary>Ranks of the tokens that occur in the text, in precedence order; null when none does.</summary>
    private SortedSet<int>? FindOccurringRanks(ReadOnlySpan<char> text, bool parseSpecial)
    {
        SortedSet<int>? seen = null;
        for (var pos = 0; pos < text.Length; pos++)
        {
            var skip = text[pos..].IndexOfAny(_firstChars);
            if (skip < 0) break;
            pos += skip;
            var node = 0;
            for (var i = pos; i < text.Length && _edges.TryGetValue((long)node << 16 | text[i], out node); i++)
            {
                var rank = _terminalRank[node];
                if (rank >= 0 && (parseSpecial || _alwaysMatched[rank])) (seen ??= []).Add(rank);
            }
        }
        return seen;
    }

    private void AddToTrie(string text, int rank)
    {
        var node = 0;
        foreach (var c in text)
        {
            var key = (long)node << 16 | c;
            if (!_edges.TryGetValue(key, out var child))
            {
                child = _terminalRank.Count;
                _terminalRank.Add(-1);
                _edges.Add(key, child);
            }
            node = child;
        }
        if (_terminalRank[node] < 0) _terminalRank[node] = rank; // duplicates: the first in precedence order
    }

    private static bool IsAsciiSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
