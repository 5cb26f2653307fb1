namespace FastChat.Gguf;

/// <summary>
/// Storage rule of one ggml type: elements come in blocks of <see cref="BlockSize"/> stored in
/// <see cref="BlockBytes"/> bytes. A row of n elements (n a multiple of BlockSize) takes n / BlockSize * BlockBytes.
/// </summary>
public readonly record struct GgmlTypeInfo(GgmlType Type, string Name, int BlockSize, int BlockBytes, bool IsQuantized)
{
    /// <summary>Bytes of one row of <paramref name="elements"/> elements; throws when it is not whole blocks.</summary>
    public long RowBytes(long elements)
    {
        if (elements % BlockSize != 0)
            throw new ArgumentException($"{Name} rows must hold a multiple of {BlockSize} elements, not {elements}.", nameof(elements));
        return elements / BlockSize * BlockBytes;
    }

    /// <summary>Average storage cost, for display (e.g. 4.5 for Q4_0).</summary>
    public double BitsPerWeight => BlockBytes * 8.0 / BlockSize;

    public override string ToString() => Name;
}
