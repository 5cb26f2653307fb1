namespace FastChat.Quantization.Safetensors;

/// <summary>
/// One tensor of a safetensors file: dtype, shape in row-major (PyTorch) order — the last dimension is
/// contiguous — and where its bytes lie, as an absolute offset into <see cref="File"/>.
/// </summary>
public sealed class SafetensorsTensor
{
    internal SafetensorsTensor(SafetensorsFile file, string name, string dtype, long[] shape, long offset, long byteSize)
    {
        File = file;
        Name = name;
        DType = dtype;
        Shape = shape;
        Offset = offset;
        ByteSize = byteSize;
    }

    public SafetensorsFile File { get; }

    public string Name { get; }

    public string DType { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Absolute offset of the first byte in the file.</summary>
    public long Offset { get; }

    public long ByteSize { get; }

    public long ElementCount => Shape.Aggregate(1L, (product, d) => product * d);

    /// <summary>Address of the first byte; valid while the file is open.</summary>
    public unsafe nint Pointer => (nint)(File.BasePointer + Offset);

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public override string ToString() => $"{Name} {DType} {ShapeText}";
}
