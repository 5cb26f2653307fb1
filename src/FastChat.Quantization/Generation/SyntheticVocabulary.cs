using FastChat.Engine.Tokenization;
using FastChat.Gguf;

namespace FastChat.Quantization.Generation;

/// <summary>
/// A SentencePiece-style (tokenizer.ggml.model = llama) vocabulary of any size, made up here so generated models
/// need no downloaded tokenizer: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte-fallback tokens &lt;0x00&gt;..&lt;0xFF&gt;,
/// then pieces from short to long — every printable ASCII character and ▁ (the space marker), ▁ + letter,
/// common English words with every prefix, then letter n-grams with and without ▁ — until the size is reached.
/// Each piece's prefixes come before it, so SPM merging can build every piece; bytes cover any other text, so
/// every string encodes and decodes back to itself.
/// </summary>
public static class SyntheticVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;
    private const int FirstByteId = 3;
    private const string SpaceMarker = "\u2581";

    /// <summary>Special and byte tokens, every printable ASCII character and ▁, and a little room.</summary>
    public const int MinimumSize = 3 + 256 + 95 + 6;

    // Frequent English words (roughly by frequency); their prefixes are added with them.
    private static readonly string[] CommonWords =
    [
        "the", "of", "and", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are", "as", "with",
        "his", "they", "at", "be", "this", "have", "from", "or", "one", "had", "by", "word", "but", "not", "what",
        "all", "were", "we", "when", "your", "can", "said", "there", "use", "an", "each", "which", "she", "do",
        "how", "their", "if", "will", "up", "other", "about", "out", "many", "then", "them", "these", "so", "some",
        "her", "would", "make", "like", "him", "into", "time", "has", "look", "two", "more", "write", "go", "see",
        "number", "no", "way", "could", "people", "my", "than", "first", "water", "been", "call", "who", "its",
        "now", "find", "long", "down", "day", "did", "get", "come", "made", "may", "part", "once", "upon", "little",
        "Hello", "world", "The", "It", "She", "He", "They", "Once", "One", "happy", "play", "friend", "story", "model",
        "girl", "boy", "named", "liked", "went", "saw", "big", "mom", "dog", "cat", "tree", "sun", "ball", "very",
    ];

    /// <summary>The tokenizer.* metadata of a <paramref name="size"/>-token vocabulary.</summary>
    public static IReadOnlyList<(string Key, GgufValue Value)> Metadata(int size)
    {
        var (tokens, scores, types) = Build(size);
        return
        [
            (GgufKeys.TokenizerModel, GgufValue.String("llama")),
            (GgufKeys.Tokens, GgufValue.Array(GgufArray.FromStrings(tokens))),
            (GgufKeys.Scores, GgufValue.Array(GgufArray.FromValues<float>(GgufValueType.Float32, scores))),
            (GgufKeys.TokenTypes, GgufValue.Array(GgufArray.FromValues<int>(GgufValueType.Int32, types))),
            (GgufKeys.BosTokenId, GgufValue.UInt32(BosId)),
            (GgufKeys.EosTokenId, GgufValue.UInt32(EosId)),
            (GgufKeys.UnknownTokenId, GgufValue.UInt32(UnknownId)),
            (GgufKeys.AddBosToken, GgufValue.Bool(true)),
            (GgufKeys.AddEosToken, GgufValue.Bool(false)),
        ];
    }

    /// <summary>Token texts, scores (higher merges first: shorter and more common pieces) and types.</summary>
    public static (string[] Tokens, float[] Scores, int[] Types) Build(int size)
    {
        if (size < MinimumSize) throw new ArgumentOutOfRangeException(nameof(size), size, $"A synthetic vocabulary needs at least {MinimumSize} tokens.");
        var tokens = new List<string>(size) { "<unk>", "<s>", "</s>" };
        for (var b = 0; b < 256; b++) tokens.Add($"<0x{b:X2}>");
        var types = new List<int> { (int)TokenType.Unknown, (int)TokenType.Control, (int)TokenType.Control };
        types.AddRange(Enumerable.Repeat((int)TokenType.Byte, 256));

        var seen = new HashSet<string>(tokens, StringComparer.Ordinal);
        using var pieces = Pieces().GetEnumerator();
        while (tokens.Count < size && pieces.MoveNext())
        {
            if (!seen.Add(pieces.Current)) continue;
            tokens.Add(pieces.Current);
            types.Add((int)TokenType.Normal);
        }
        if (tokens.Count < size) throw new InvalidOperationException($"Ran out of synthetic pieces at {tokens.Count} of {size} tokens.");

        var scores = new float[size];
        for (var i = FirstByteId + 256; i < size; i++) scores[i] = -(i - FirstByteId - 256);
        return (tokens.ToArray(), scores, types.ToArray());
    }

    /// <summary>Candidate pieces, shortest and most useful first; duplicates are skipped by the caller.</summary>
    private static IEnumerable<string> Pieces()
    {
        yield return SpaceMarker;
        for (var c = '!'; c <= '~'; c++) yield return c.ToString();
        const string lower = "abcdefghijklmnopqrstuvwxyz";
        const string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        foreach (var c in lower + upper) yield return SpaceMarker + c;
        foreach (var word in CommonWords)
        {
            // Prefixes first, so SPM can merge its way up to the whole word.
            for (var length = 2; length <= word.Length; length++) yield return SpaceMarker + word[..length];
            for (var length = 2; length <= word.Length; length++) yield return word[..length];
        }
        for (var length = 2; ; length++)
        {
            foreach (var gram in Grams(lower, length))
            {
                yield return gram;
                yield return SpaceMarker + gram;
            }
        }
    }

    /// <summary>Every string of <paramref name="length"/> letters, in order ("aa", "ab", ...).</summary>
    private static IEnumerable<string> Grams(string letters, int length)
    {
        var indices = new int[length];
        var chars = new char[length];
        while (true)
        {
            for (var i = 0; i < length; i++) chars[i] = letters[indices[i]];
            yield return new string(chars);
            var position = length - 1;
            while (position >= 0 && ++indices[position] == letters.Length) indices[position--] = 0;
            if (position < 0) yield break;
        }
    }
}
