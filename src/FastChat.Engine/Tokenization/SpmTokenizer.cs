using System.Buffers;
using System.Text;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// SentencePiece-style BPE ("llama" vocabularies) as llama.cpp runs it: spaces become ▁ (with a ▁ prefix at the
/// start and after special tokens), every character starts as a symbol, and the adjacent pair whose joined text
/// is the highest-scoring token merges first (ties: leftmost). Characters that never form a token fall back to
/// their UTF-8 bytes as &lt;0xNN&gt; tokens, or the unknown token where the vocabulary has no byte tokens.
/// Where no token spans two words, each word is merged (and cached) on its own, which gives the same ids.
/// </summary>
public sealed class SpmTokenizer : Tokenizer
{
    internal const char SpaceMarker = '\u2581'; // ▁

    [ThreadStatic] private static Scratch? t_scratch;

    private readonly int[] _byteTokens; // byte -> token id, or -1 when there is nothing to fall back to
    private readonly bool _wordsAreIndependent;
    private readonly PieceCache _cache = new();

    internal SpmTokenizer(Vocabulary vocabulary, TokenizerOptions options)
        : base(vocabulary, options, PieceTable.Build(vocabulary, WriteNormalPiece, byteTokensAreBytes: true))
    {
        _byteTokens = new int[256];
        for (var b = 0; b < 256; b++)
        {
            if (vocabulary.TryGetId($"<0x{b:X2}>", out var id) || (b < 0x80 && vocabulary.TryGetId(((char)b).ToString(), out id)))
                _byteTokens[b] = id;
            else
                _byteTokens[b] = vocabulary.Special.Unknown ?? -1;
        }
        _wordsAreIndependent = !Enumerable.Range(0, vocabulary.Count).Any(id => JoinsWords(vocabulary.GetToken(id)));
    }

    /// <summary>
    /// Whether a token spans a word boundary (a ▁ after another character). Llama-style vocabularies have none,
    /// so no merge can cross the start of a word: each word (with its leading ▁s) can be merged alone, with the
    /// same result as merging the whole text at once, and cached.
    /// </summary>
    private static bool JoinsWords(string token)
    {
        for (var i = token.IndexOf(SpaceMarker, 1); i > 0; i = token.IndexOf(SpaceMarker, i + 1))
            if (token[i - 1] != SpaceMarker) return true;
        return false;
    }

    public override TokenizerKind Kind => TokenizerKind.Spm;

    private protected override bool StripsLeadingSpace => Options.AddSpacePrefix;

    private protected override void EncodeText(ReadOnlySpan<char> text, bool afterSpecial, List<int> output)
    {
        var scratch = t_scratch ??= new Scratch();
        var chars = scratch.Escape(text, Options.AddSpacePrefix && afterSpecial);
        if (!_wordsAreIndependent || !Options.Shortcuts.HasFlag(EncodingShortcuts.WordByWord))
        {
            MergeCharacters(chars, scratch, output);
            return;
        }
        var start = 0;
        for (var i = 1; i < chars.Length; i++)
        {
            if (chars[i] != SpaceMarker || chars[i - 1] == SpaceMarker) continue;
            EncodeWord(chars[start..i], scratch, output);
            start = i;
        }
        EncodeWord(chars[start..], scratch, output);
    }

    private void EncodeWord(ReadOnlySpan<char> word, Scratch scratch, List<int> output)
    {
        if (!Options.Shortcuts.HasFlag(EncodingShortcuts.PieceCache))
        {
            MergeCharacters(word, scratch, output);
            return;
        }
        if (_cache.TryAppend(word, output)) return;
        var from = output.Count;
        MergeCharacters(word, scratch, output);
        _cache.Add(word, output, from);
    }

    /// <summary>The merge loop: characters to symbols, then the best-scoring adjacent pair merges until none forms a token.</summary>
    private void MergeCharacters(ReadOnlySpan<char> chars, Scratch scratch, List<int> output)
    {
        var symbols = scratch.SplitIntoCharacters(chars);
        var count = symbols.Length;
        if (count == 0) return;
        var queue = scratch.Queue;
        queue.Clear();
        for (var i = 1; i < count; i++) TryAddBigram(chars, symbols, i - 1, i, queue);

        while (queue.Count > 0)
        {
            var bigram = queue.Pop();
            ref var left = ref symbols[bigram.Left];
            ref var right = ref symbols[bigram.Right];
            // Skip pairs made stale by an earlier merge (either side grew or was absorbed).
            if (left.Length == 0 || right.Length == 0 || left.Length + right.Length != bigram.Length) continue;

            left.Length += right.Length;
            right.Length = 0;
            left.Next = right.Next;
            if (right.Next >= 0) symbols[right.Next].Prev = bigram.Left;
            TryAddBigram(chars, symbols, left.Prev, bigram.Left, queue);
            TryAddBigram(chars, symbols, bigram.Left, left.Next, queue);
        }

        for (var i = 0; i != -1; i = symbols[i].Next)
            EmitSymbol(chars.Slice(symbols[i].Start, symbols[i].Length), output);
    }

    private void TryAddBigram(ReadOnlySpan<char> chars, Span<Symbol> symbols, int left, int right, BinaryHeap<Bigram> queue)
    {
        if (left < 0 || right < 0) return;
        var length = symbols[left].Length + symbols[right].Length;
        if (!Vocabulary.TryGetId(chars.Slice(symbols[left].Start, length), out var id)) return;
        queue.Push(new Bigram(left, right, Vocabulary.Scores[id], length));
    }

    private void EmitSymbol(ReadOnlySpan<char> text, List<int> output)
    {
        if (Vocabulary.TryGetId(text, out var id))
        {
            output.Add(id);
            return;
        }
        Span<byte> utf8 = stackalloc byte[3 * 2]; // a symbol is one code point (or a lone surrogate)
        var count = Encoding.UTF8.GetBytes(text, utf8);
        foreach (var b in utf8[..count])
            if (_byteTokens[b] >= 0) output.Add(_byteTokens[b]);
    }

    /// <summary>▁ back to a space; everything else as stored.</summary>
    private static void WriteNormalPiece(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        ReadOnlySpan<byte> marker = [0xE2, 0x96, 0x81];
        while (true)
        {
            var at = text.IndexOf(marker);
            if (at < 0) break;
            output.Write(text[..at]);
            output.Write([(byte)' ']);
            text = text[(at + marker.Length)..];
        }
        output.Write(text);
    }

    /// <summary>A run of the escaped text; merged-away symbols have length 0.</summary>
    private struct Symbol
    {
        public int Start, Length, Prev, Next;
    }

    private readonly record struct Bigram(int Left, int Right, float Score, int Length) : IComparable<Bigram>
    {
        // Highest score first; among equal scores the leftmost pair.
        public int CompareTo(Bigram other) => Score != other.Score ? other.Score.CompareTo(Score) : Left.CompareTo(other.Left);
    }

    /// <summary>Per-thread buffers, so encoding allocates nothing once warmed up.</summary>
    private sealed class Scratch
    {
        private char[] _chars = new char[256];
        private Symbol[] _symbols = new Symbol[256];

        public BinaryHeap<Bigram> Queue { get; } = new();

        public Span<char> Escape(ReadOnlySpan<char> text, bool prefix)
        {
            var length = text.Length + (prefix ? 1 : 0);
            if (_chars.Length < length) _chars = new char[Math.Max(length, _chars.Length * 2)];
            var chars = _chars.AsSpan(0, length);
            var n = 0;
            if (prefix) chars[n++] = SpaceMarker;
            text.Replace(chars[n..], ' ', SpaceMarker);
            return chars;
        }

        public Span<Symbol> SplitIntoCharacters(ReadOnlySpan<char> chars)
        {
            if (_symbols.Length < chars.Length) _symbols = new Symbol[Math.Max(chars.Length, _symbols.Length * 2)];
            var count = 0;
            for (var i = 0; i < chars.Length; count++)
            {
                var length = char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]) ? 2 : 1;
                _symbols[count] = new Symbol { Start = i, Length = length, Prev = count - 1, Next = count + 1 };
                i += length;
            }
            if (count > 0) _symbols[count - 1].Next = -1;
            return _symbols.AsSpan(0, count);
        }
    }
}
