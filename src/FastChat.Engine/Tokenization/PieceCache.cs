using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace FastChat.Engine.Tokenization;

/// <summary>
/// Ids of recently encoded pieces (BPE pre-tokens, SPM words). Natural text repeats its words, and a piece's
/// ids depend on its text alone, so most pieces are encoded once. Thread-safe; bounded by clearing itself when
/// full; lookups by span allocate nothing.
/// </summary>
internal sealed class PieceCache
{
    /// <summary>Longer pieces (whitespace runs, long numbers, base64) rarely repeat and are not kept.</summary>
    public const int MaxPieceLength = 48;
    private const int MaxEntries = 1 << 16;

    private readonly ConcurrentDictionary<string, int[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private int _added;

    public PieceCache() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Appends the cached ids of <paramref name="piece"/> to <paramref name="output"/>, if there are any.</summary>
    public bool TryAppend(ReadOnlySpan<char> piece, List<int> output)
    {
        if (piece.Length > MaxPieceLength || !_bySpan.TryGetValue(piece, out var ids)) return false;
        output.AddRange(ids);
        return true;
    }

    /// <summary>Remembers the ids that <paramref name="piece"/> appended to <paramref name="output"/> from index <paramref name="from"/>.</summary>
    public void Add(ReadOnlySpan<char> piece, List<int> output, int from)
    {
        if (piece.Length > MaxPieceLength) return;
        if (Interlocked.Increment(ref _added) > MaxEntries)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _added, 0);
        }
        _bySpan.TryAdd(piece, CollectionsMarshal.AsSpan(output)[from..].ToArray());
    }
}
