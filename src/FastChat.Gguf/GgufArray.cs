using System.Runtime.InteropServices;
using System.Text;

namespace FastChat.Gguf;

/// <summary>
/// A metadata array, kept in its on-disk form so that a file read and written back is byte-identical
/// (strings need not be valid UTF-8) and a 150k-entry vocabulary costs one allocation, not 150k:
/// fixed-size elements as raw little-endian bytes, strings as one byte blob plus offsets, nested arrays as arrays.
/// </summary>
public sealed class GgufArray
{
    private readonly byte[] _bytes;           // fixed-size elements, or the concatenated string bytes
    private readonly int[]? _stringOffsets;   // Count + 1 offsets into _bytes for String arrays
    private readonly GgufArray[]? _arrays;    // elements of an Array-of-arrays

    private GgufArray(GgufValueType elementType, int count, byte[] bytes, int[]? stringOffsets, GgufArray[]? arrays)
    {
        ElementType = elementType;
        Count = count;
        _bytes = bytes;
        _stringOffsets = stringOffsets;
        _arrays = arrays;
    }

    public GgufValueType ElementType { get; }

    public int Count { get; }

    /// <summary>Fixed-size elements viewed as <typeparamref name="T"/>; the size of T must match the element type.</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged
    {
        var size = GgufValueTypes.FixedSize(ElementType);
        if (size == 0 || size != Marshal.SizeOf<T>())
            throw new InvalidOperationException($"A {ElementType} array cannot be viewed as {typeof(T).Name}.");
        return MemoryMarshal.Cast<byte, T>(_bytes);
    }

    /// <summary>Raw bytes of string element <paramref name="index"/> as stored in the file.</summary>
    public ReadOnlySpan<byte> GetStringBytes(int index)
    {
        RequireType(GgufValueType.String);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _bytes.AsSpan(_stringOffsets![index], _stringOffsets[index + 1] - _stringOffsets[index]);
    }

    public string GetString(int index) => Encoding.UTF8.GetString(GetStringBytes(index));

    public GgufArray GetArray(int index)
    {
        RequireType(GgufValueType.Array);
        return _arrays![index];
    }

    public string[] ToStringArray()
    {
        var result = new string[Count];
        for (var i = 0; i < Count; i++) result[i] = GetString(i);
        return result;
    }

    /// <summary>Element <paramref name="index"/> of an integer array widened to long (u64 above long.MaxValue throws).</summary>
    public long GetInt64(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return ElementType switch
        {
            GgufValueType.UInt8 => AsSpan<byte>()[index],
            GgufValueType.Int8 => AsSpan<sbyte>()[index],
            GgufValueType.UInt16 => AsSpan<ushort>()[index],
            GgufValueType.Int16 => AsSpan<short>()[index],
            GgufValueType.UInt32 => AsSpan<uint>()[index],
            GgufValueType.Int32 => AsSpan<int>()[index],
            GgufValueType.Int64 => AsSpan<long>()[index],
            GgufValueType.UInt64 => checked((long)AsSpan<ulong>()[index]),
            _ => throw new InvalidOperationException($"A {ElementType} array has no integer elements."),
        };
    }

    /// <summary>Bytes this array occupies in a file (element type + count + payload).</summary>
    public long SerializedSize
    {
        get
        {
            long size = 4 + 8;
            if (_arrays is not null) return size + _arrays.Sum(a => a.SerializedSize);
            if (_stringOffsets is not null) return size + 8L * Count + _bytes.Length;
            return size + _bytes.Length;
        }
    }

    internal void WriteTo(BinaryWriter writer)
    {
        writer.Write((uint)ElementType);
        writer.Write((ulong)Count);
        if (_arrays is not null)
        {
            foreach (var array in _arrays) array.WriteTo(writer);
        }
        else if (_stringOffsets is not null)
        {
            for (var i = 0; i < Count; i++)
            {
                var bytes = GetStringBytes(i);
                writer.Write((ulong)bytes.Length);
                writer.Write(bytes);
            }
        }
        else
        {
            writer.Write(_bytes);
        }
    }

    // ---- construction ------------------------------------------------------------------------

    /// <summary>An array of fixed-size elements; <typeparamref name="T"/> must match <paramref name="elementType"/>'s size.</summary>
    public static GgufArray FromValues<T>(GgufValueType elementType, ReadOnlySpan<T> values) where T : unmanaged
    {
        var size = GgufValueTypes.FixedSize(elementType);
        if (size == 0 || size != Marshal.SizeOf<T>())
            throw new ArgumentException($"{typeof(T).Name} values cannot form a {elementType} array.", nameof(values));
        return new GgufArray(elementType, values.Length, MemoryMarshal.AsBytes(values).ToArray(), null, null);
    }

    public static GgufArray FromStrings(IReadOnlyList<string> values)
    {
        var blob = new List<byte>();
        var offsets = new int[values.Count + 1];
        for (var i = 0; i < values.Count; i++)
        {
            blob.AddRange(Encoding.UTF8.GetBytes(values[i]));
            offsets[i + 1] = blob.Count;
        }
        return new GgufArray(GgufValueType.String, values.Count, blob.ToArray(), offsets, null);
    }

    public static GgufArray FromArrays(IReadOnlyList<GgufArray> values) =>
        new(GgufValueType.Array, values.Count, [], null, values.ToArray());

    internal static GgufArray FromRawFixed(GgufValueType elementType, int count, byte[] bytes) =>
        new(elementType, count, bytes, null, null);

    internal static GgufArray FromRawStrings(int count, byte[] blob, int[] offsets) =>
        new(GgufValueType.String, count, blob, offsets, null);

    private void RequireType(GgufValueType expected)
    {
        if (ElementType != expected)
            throw new InvalidOperationException($"This is a {ElementType} array, not a {expected} array.");
    }

    public override string ToString() => $"[{GgufValueTypes.ShortName(ElementType)}; {Count}]";
}
