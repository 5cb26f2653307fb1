namespace FastChat.Engine.Tokenization;

/// <summary>
/// The ranked merges of a byte-level BPE vocabulary, keyed by symbol ids instead of strings so a merge
/// lookup is one or two array probes. Symbols are vocabulary ids, plus ids from <see cref="Vocabulary.Count"/> upwards
/// for the few merge halves and results that are not tokens themselves (they must still merge, as in
/// llama.cpp, which ranks merges by text).
/// </summary>
internal sealed class BpeMergeTable
{
    private readonly Vocabulary _vocabulary;
    private readonly PairTable _merges;
    private readonly Dictionary<string, int> _extraIds = new(StringComparer.Ordinal);
    private readonly List<string> _extraTexts = [];

    /// <param name="merges">"left right" pairs in rank order (tokenizer.ggml.merges); on duplicates the first rank counts.</param>
    public BpeMergeTable(Vocabulary vocabulary, IReadOnlyList<string> merges)
    {
        _vocabulary = vocabulary;
        _merges = new PairTable(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var line = merges[rank];
            var space = line.Length > 1 ? line.IndexOf(' ', 1) : -1; // a pair splits at the first space after the first char
            if (space < 0) continue;
            var left = Intern(line[..space]);
            var right = Intern(line[(space + 1)..]);
            _merges.TryAdd(left, right, rank, Intern(string.Concat(line.AsSpan(0, space), line.AsSpan(space + 1))));
        }
        ByteSymbols = new int[256];
        for (var b = 0; b < 256; b++) ByteSymbols[b] = Intern(ByteLevelMapping.ByteToChar[b].ToString());
    }

    /// <summary>The symbol each byte starts as (its byte-level character).</summary>
    public int[] ByteSymbols { get; }

    public int Count => _merges.Count;

    public bool TryGetMerge(int left, int right, out int rank, out int result) => _merges.TryGet(left, right, out rank, out result);

    /// <summary>Text of a symbol that is not a vocabulary token.</summary>
    public string GetExtraText(int symbol) => _extraTexts[symbol - _vocabulary.Count];

    private int Intern(string text)
    {
        if (_vocabulary.TryGetId(text, out var id)) return id;
        if (_extraIds.TryGetValue(text, out id)) return id;
        id = _vocabulary.Count + _extraTexts.Count;
        _extraIds.Add(text, id);
        _extraTexts.Add(text);
        return id;
    }

}
