using System.Buffers;
using System.Text;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Byte-level BPE ("gpt2" vocabularies) as llama.cpp runs it: the pre-tokenizer cuts the text into pieces, each
/// piece's UTF-8 bytes start as one symbol per byte, and the adjacent pair with the lowest merge rank merges
/// first (ties: leftmost) until no ranked pair is left. With llama3-style pre-tokenizers a piece that is a
/// token as a whole is emitted as is (llama.cpp's ignore_merges).
/// </summary>
public sealed class BpeTokenizer : Tokenizer
{
    [ThreadStatic] private static Scratch? t_scratch;

    private readonly BpeMergeTable _merges;
    private readonly PieceCache _cache = new();
    private readonly int[] _singleByteTokens; // byte -> id of a token whose text is exactly that byte, or -1

    internal BpeTokenizer(Vocabulary vocabulary, TokenizerOptions options, BpePreTokenizer preTokenizer, IReadOnlyList<string> merges)
        : base(vocabulary, options, PieceTable.Build(vocabulary, WriteNormalPiece, byteTokensAreBytes: false))
    {
        PreTokenizer = preTokenizer;
        _merges = new BpeMergeTable(vocabulary, merges);
        _singleByteTokens = new int[256];
        Array.Fill(_singleByteTokens, -1);
        for (var id = 0; id < vocabulary.Count; id++) // the last id wins, like the text lookup
            if (vocabulary.GetTokenBytes(id) is [var b]) _singleByteTokens[b] = id;
    }

    public override TokenizerKind Kind => TokenizerKind.Bpe;

    public BpePreTokenizer PreTokenizer { get; }

    /// <summary>Number of distinct ranked merges.</summary>
    public int MergeCount => _merges.Count;

    private protected override bool StripsLeadingSpace => false;

    private protected override void EncodeText(ReadOnlySpan<char> text, bool afterSpecial, List<int> output)
    {
        var scratch = t_scratch ??= new Scratch();
        PreTokenizer.Split(text, scratch.Pieces);
        foreach (var (start, length) in scratch.Pieces)
        {
            var piece = text.Slice(start, length);
            if (!Options.Shortcuts.HasFlag(EncodingShortcuts.PieceCache))
            {
                EncodePiece(piece, scratch, output);
                continue;
            }
            if (_cache.TryAppend(piece, output)) continue;
            var from = output.Count;
            EncodePiece(piece, scratch, output);
            _cache.Add(piece, output, from);
        }
    }

    private void EncodePiece(ReadOnlySpan<char> piece, Scratch scratch, List<int> output)
    {
        var bytes = scratch.ToUtf8(piece);
        if (bytes.IsEmpty) return;
        if (Options.IgnoreMerges && Vocabulary.TryGetId(scratch.ToByteLevel(bytes), out var whole))
        {
            output.Add(whole);
            return;
        }

        var symbols = scratch.Symbols(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
            symbols[i] = new Symbol { Id = _merges.ByteSymbols[bytes[i]], Prev = i - 1, Next = i + 1 };
        symbols[^1].Next = -1;

        var queue = scratch.Queue;
        queue.Clear();
        for (var i = 1; i < symbols.Length; i++) TryAddPair(symbols, i - 1, i, queue);
        while (queue.Count > 0)
        {
            var pair = queue.Pop();
            ref var left = ref symbols[pair.Left];
            ref var right = ref symbols[pair.Right];
            // Stale when either side has merged since the pair was queued.
            if (left.Id != pair.LeftId || right.Id != pair.RightId) continue;

            left.Id = pair.Result;
            right.Id = Symbol.MergedAway;
            left.Next = right.Next;
            if (right.Next >= 0) symbols[right.Next].Prev = pair.Left;
            TryAddPair(symbols, left.Prev, pair.Left, queue);
            TryAddPair(symbols, pair.Left, left.Next, queue);
        }

        for (var i = 0; i != -1; i = symbols[i].Next) EmitSymbol(symbols[i].Id, output);
    }

    private void TryAddPair(Span<Symbol> symbols, int left, int right, BinaryHeap<Pair> queue)
    {
        if (left < 0 || right < 0) return;
        var leftId = symbols[left].Id;
        var rightId = symbols[right].Id;
        if (_merges.TryGetMerge(leftId, rightId, out var rank, out var result))
            queue.Push(new Pair(left, right, leftId, rightId, rank, result));
    }

    private void EmitSymbol(int symbol, List<int> output)
    {
        if (symbol < Vocabulary.Count)
        {
            output.Add(symbol);
            return;
        }
        // Not a token (a merge result missing from the vocabulary): llama.cpp falls back to the tokens of its single bytes.
        foreach (var b in Encoding.UTF8.GetBytes(_merges.GetExtraText(symbol)))
            if (_singleByteTokens[b] >= 0) output.Add(_singleByteTokens[b]);
    }

    /// <summary>Each byte-level character back to its byte; other characters (rare hand-added tokens) as their UTF-8.</summary>
    private static void WriteNormalPiece(ReadOnlySpan<byte> text, IBufferWriter<byte> output)
    {
        while (!text.IsEmpty)
        {
            Rune.DecodeFromUtf8(text, out var rune, out var consumed);
            if (ByteLevelMapping.TryGetByte(rune.Value, out var b)) output.Write([b]);
            else output.Write(text[..consumed]);
            text = text[consumed..];
        }
    }

    private struct Symbol
    {
        public const int MergedAway = -1;
        public int Id, Prev, Next;
    }

    private readonly record struct Pair(int Left, int Right, int LeftId, int RightId, int Rank, int Result) : IComparable<Pair>
    {
        // Lowest rank first; among equal ranks the leftmost pair.
        public int CompareTo(Pair other) => Rank != other.Rank ? Rank.CompareTo(other.Rank) : Left.CompareTo(other.Left);
    }

    private sealed class Scratch
    {
        private byte[] _utf8 = new byte[256];
        private char[] _byteLevel = new char[256];
        private Symbol[] _symbols = new Symbol[256];

        public List<(int Start, int Length)> Pieces { get; } = [];

        public BinaryHeap<Pair> Queue { get; } = new();

        public ReadOnlySpan<byte> ToUtf8(ReadOnlySpan<char> text)
        {
            var max = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_utf8.Length < max) _utf8 = new byte[max];
            return _utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, _utf8)); // lone surrogates become U+FFFD
        }

        public ReadOnlySpan<char> ToByteLevel(ReadOnlySpan<byte> bytes)
        {
            if (_byteLevel.Length < bytes.Length) _byteLevel = new char[bytes.Length];
            for (var i = 0; i < bytes.Length; i++) _byteLevel[i] = ByteLevelMapping.ByteToChar[bytes[i]];
            return _byteLevel.AsSpan(0, bytes.Length);
        }

        public Span<Symbol> Symbols(int count)
        {
            if (_symbols.Length < count) _symbols = new Symbol[Math.Max(count, _symbols.Length * 2)];
            return _symbols.AsSpan(0, count);
        }
    }
}
