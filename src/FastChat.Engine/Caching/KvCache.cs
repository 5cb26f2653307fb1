using FastChat.Gguf;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Caching;

/// <summary>
/// The keys and values of one sequence, per layer: [positions][KvHeads x HeadDim] elements of <see cref="Type"/>
/// (F32, F16 or Q8_0), the layout the attention kernel reads. Storage grows by doubling up to
/// <see cref="MaxLength"/> (the model's context), so a short chat holds little memory. Not thread-safe: a
/// sequence is advanced by one forward pass at a time.
/// </summary>
public sealed class KvCache
{
    private readonly byte[][] _keys;
    private readonly byte[][] _values;
    private readonly int _positionBytes;

    public KvCache(int layers, GgmlType type, int kvLength, int maxLength, int initialCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kvLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0))
            throw new ArgumentException($"A KV cache holds F32, F16 or Q8_0, not {type}.", nameof(type));
        Type = type;
        KvLength = kvLength;
        MaxLength = maxLength;
        _positionBytes = checked((int)Quantization.RowBytes(type, kvLength));
        _keys = new byte[layers][];
        _values = new byte[layers][];
        for (var l = 0; l < layers; l++) _keys[l] = _values[l] = [];
        if (initialCapacity > 0) EnsureCapacity(initialCapacity);
    }

    public GgmlType Type { get; }
    public int Layers => _keys.Length;
    public int KvLength { get; }

    /// <summary>The most positions this cache may hold (the model's context length).</summary>
    public int MaxLength { get; }

    /// <summary>Positions that hold computed keys and values.</summary>
    public int Length { get; private set; }

    /// <summary>Positions storage is allocated for.</summary>
    public int Capacity => _keys[0].Length / _positionBytes;

    /// <summary>Bytes of one position across all layers, keys and values.</summary>
    public long BytesPerPosition => 2L * Layers * _positionBytes;

    public long AllocatedBytes => BytesPerPosition * Capacity;

    /// <summary>Grows storage to hold <paramref name="positions"/> positions (keeping what is cached).</summary>
    public void EnsureCapacity(int positions)
    {
        if (positions > MaxLength)
            throw new InvalidOperationException($"{positions} positions exceed this cache's maximum of {MaxLength}.");
        if (positions <= Capacity) return;
        var capacity = (int)Math.Min(MaxLength, Math.Max(positions, Math.Max(16L, 2L * Capacity)));
        for (var l = 0; l < Layers; l++)
        {
            _keys[l] = Grow(_keys[l], capacity);
            _values[l] = Grow(_values[l], capacity);
        }
    }

    /// <summary>Forgets positions from <paramref name="length"/> on (rolls a sequence back, e.g. to a shared prefix).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }

    /// <summary>Replaces this cache's contents with the first <paramref name="length"/> positions of <paramref name="source"/>.</summary>
    public void CopyPrefixFrom(KvCache source, int length)
    {
        if (source.Type != Type || source.Layers != Layers || source.KvLength != KvLength)
            throw new ArgumentException("The source cache has a different layout.", nameof(source));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, source.Length);
        EnsureCapacity(length);
        var bytes = length * _positionBytes;
        for (var l = 0; l < Layers; l++)
        {
            source._keys[l].AsSpan(0, bytes).CopyTo(_keys[l]);
            source._values[l].AsSpan(0, bytes).CopyTo(_values[l]);
        }
        Length = length;
    }

    /// <summary>Keys of positions [0, <paramref name="positions"/>) of <paramref name="layer"/>, as attention reads them.</summary>
    internal ReadOnlyMemory<byte> Keys(int layer, int positions) => _keys[layer].AsMemory(0, positions * _positionBytes);

    internal ReadOnlyMemory<byte> Values(int layer, int positions) => _values[layer].AsMemory(0, positions * _positionBytes);

    /// <summary>
    /// Stores rows of float keys and values (each [count][KvLength]) at positions start.. in the cache's type.
    /// Storage must already hold them (<see cref="EnsureCapacity"/>).
    /// </summary>
    internal void Store(int layer, int start, ReadOnlySpan<float> keys, ReadOnlySpan<float> values)
    {
        var count = keys.Length / KvLength;
        var slot = new Range(start * _positionBytes, (start + count) * _positionBytes);
        Write(keys, _keys[layer].AsSpan(slot));
        Write(values, _values[layer].AsSpan(slot));
    }

    /// <summary>Marks positions up to <paramref name="length"/> as computed, after a forward pass stored them.</summary>
    internal void Advance(int length)
    {
        if (length > Capacity) throw new InvalidOperationException($"Position {length} is beyond the allocated {Capacity}.");
        Length = Math.Max(Length, length);
    }

    private void Write(ReadOnlySpan<float> rows, Span<byte> destination)
    {
        if (Type == GgmlType.F32)
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows).CopyTo(destination);
        else
            Quantization.Quantize(Type, rows, destination);
    }

    private byte[] Grow(byte[] old, int capacity)
    {
        var grown = GC.AllocateUninitializedArray<byte>(capacity * _positionBytes);
        old.AsSpan(0, Math.Min(old.Length, Length * _positionBytes)).CopyTo(grown);
        return grown;
    }
}
