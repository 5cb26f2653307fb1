namespace FastChat.Gguf;

/// <summary>
/// A tensor's name, type and shape in ggml order (Dimensions[0] is the contiguous row length), and the offset
/// of its data relative to the start of the file's data section.
/// </summary>
public sealed class GgufTensorInfo
{
    public GgufTensorInfo(string name, GgmlType type, IReadOnlyList<long> dimensions, long offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (dimensions.Count is < 1 or > MaxDimensions)
            throw new ArgumentException($"A tensor has 1 to {MaxDimensions} dimensions, not {dimensions.Count}.", nameof(dimensions));
        if (dimensions.Any(d => d < 0)) throw new ArgumentException("Dimensions cannot be negative.", nameof(dimensions));
        TypeInfo = GgmlTypes.GetInfo(type);
        Name = name;
        Type = type;
        Dimensions = dimensions.ToArray();
        Offset = offset;
        ElementCount = Dimensions.Aggregate(1L, (product, d) => checked(product * d));
        ByteSize = ElementCount == 0 ? 0 : checked(TypeInfo.RowBytes(Dimensions[0]) * (ElementCount / Dimensions[0]));
    }

    /// <summary>GGML_MAX_DIMS.</summary>
    public const int MaxDimensions = 4;

    public string Name { get; }

    public GgmlType Type { get; }

    public GgmlTypeInfo TypeInfo { get; }

    public IReadOnlyList<long> Dimensions { get; }

    /// <summary>Offset of the data from the start of the data section (a multiple of the file's alignment).</summary>
    public long Offset { get; }

    public long ElementCount { get; }

    public long ByteSize { get; }

    /// <summary>Rows of Dimensions[0] elements (the product of the other dimensions).</summary>
    public long RowCount => Dimensions[0] == 0 ? 0 : ElementCount / Dimensions[0];

    public string ShapeText => "[" + string.Join(", ", Dimensions) + "]";

    public override string ToString() => $"{Name} {TypeInfo.Name} {ShapeText}";
}
