namespace FastChat.Engine.Tokenization;

/// <summary>
/// An open-addressing map from a pair of ids to a (rank, result) pair, for BPE merge lookups in the hot loop.
/// Dictionary&lt;long, ...&gt; is several times slower here: long's hash is left ^ right, which collides for
/// most pairs of small ids, so lookups walk long chains.
/// </summary>
internal sealed class PairTable
{
    private const long Empty = -1;
    private readonly long[] _keys;
    private readonly int[] _ranks;
    private readonly int[] _results;
    private readonly int _shift;
    private readonly int _mask;

    public PairTable(int capacity)
    {
        var size = 16;
        while (size < capacity * 2) size <<= 1; // load factor <= 0.5 keeps probe runs short
        _keys = new long[size];
        Array.Fill(_keys, Empty);
        _ranks = new int[size];
        _results = new int[size];
        _mask = size - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
    }

    public int Count { get; private set; }

    /// <summary>Adds the pair unless it is already present (the first added wins). Ids must be non-negative.</summary>
    public bool TryAdd(int left, int right, int rank, int result)
    {
        var key = Key(left, right);
        for (var slot = Slot(key); ; slot = (slot + 1) & _mask)
        {
            if (_keys[slot] == key) return false;
            if (_keys[slot] != Empty) continue;
            if (Count * 2 >= _keys.Length) throw new InvalidOperationException("PairTable is full.");
            _keys[slot] = key;
            _ranks[slot] = rank;
            _results[slot] = result;
            Count++;
            return true;
        }
    }

    public bool TryGet(int left, int right, out int rank, out int result)
    {
        var key = Key(left, right);
        for (var slot = Slot(key); ; slot = (slot + 1) & _mask)
        {
            var found = _keys[slot];
            if (found == key)
            {
                rank = _ranks[slot];
                result = _results[slot];
                return true;
            }
            if (found == Empty)
            {
                rank = result = 0;
                return false;
            }
        }
    }

    private static long Key(int left, int right) => (long)left << 32 | (uint)right;

    // Fibonacci hashing: the multiply spreads both halves of the key over the top bits.
    private int Slot(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);
}
