using FastChat.Gguf;

namespace FastChat.Quantization.Pipeline;

/// <summary>
/// A tensor to be written into a GGUF file, read in place from a mapped file: its GGUF name, its element type
/// in the source, its shape in ggml order (Dimensions[0] is the contiguous row length) and the address of
/// its first byte. <see cref="RowOrder"/>, when set, reorders rows on the way out (row r of the output is
/// source row RowOrder[r]); this is how the rope permutation of Q/K is applied without copying the tensor.
/// </summary>
public sealed class SourceTensor
{
    public SourceTensor(string name, GgmlType type, IReadOnlyList<long> dimensions, nint data, int[]? rowOrder = null)
    {
        Name = name;
        Type = type;
        Dimensions = dimensions.ToArray();
        Data = data;
        TypeInfo = GgmlTypes.GetInfo(type);
        ElementCount = Dimensions.Aggregate(1L, (product, d) => checked(product * d));
        RowLength = Dimensions[0];
        RowCount = RowLength == 0 ? 0 : ElementCount / RowLength;
        RowBytes = TypeInfo.RowBytes(RowLength);
        if (rowOrder is not null && rowOrder.Length != RowCount)
            throw new ArgumentException($"Tensor '{name}' has {RowCount} rows but the row order lists {rowOrder.Length}.", nameof(rowOrder));
        RowOrder = rowOrder;
    }

    public string Name { get; }

    public GgmlType Type { get; }

    public GgmlTypeInfo TypeInfo { get; }

    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>Address of the source bytes; valid while the file they come from is open.</summary>
    public nint Data { get; }

    public int[]? RowOrder { get; }

    public long ElementCount { get; }

    public long RowLength { get; }

    public long RowCount { get; }

    /// <summary>Bytes of one source row.</summary>
    public long RowBytes { get; }

    public long ByteSize => RowBytes * RowCount;

    /// <summary>Address of output row <paramref name="row"/> in the source (after <see cref="RowOrder"/>).</summary>
    public nint RowPointer(long row) => Data + (nint)((RowOrder is null ? row : RowOrder[row]) * RowBytes);

    public int DimensionCount => Dimensions.Count;

    public override string ToString() => $"{Name} {TypeInfo.Name} [{string.Join(", ", Dimensions)}]";
}
