using FastChat.Gguf;

namespace FastChat.Native.Kernels;

/// <summary>
/// Converts rows between f32 and the GGUF tensor types that have kernels (F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1,
/// Q8_0, Q4_K, Q5_K, Q6_K, and the activation formats Q8_1 and Q8_K), with layouts bit-compatible with llama.cpp.
/// Lengths are checked here, so a wrong span is an <see cref="ArgumentException"/>, never a native overrun.
/// </summary>
public static class Quantization
{
    /// <summary>Whether <paramref name="type"/> has (de)quantization kernels.</summary>
    public static bool IsSupported(GgmlType type)
    {
        NativeLibraryLoader.EnsureLoaded();
        return NativeMethods.fc_type_block_size((int)type) > 0;
    }

    /// <summary>Elements per block (1 for the float types).</summary>
    public static int BlockSize(GgmlType type) => (int)Layout(type).BlockSize;

    /// <summary>Bytes per block.</summary>
    public static int BlockBytes(GgmlType type) => (int)Layout(type).BlockBytes;

    /// <summary>Bytes of a row of <paramref name="elements"/> elements, which must be a whole number of blocks.</summary>
    public static long RowBytes(GgmlType type, long elements)
    {
        var (blockSize, blockBytes) = Layout(type);
        if (elements < 0 || elements % blockSize != 0)
            throw new ArgumentException($"{elements} elements are not a whole number of {type} blocks of {blockSize}.", nameof(elements));
        return elements / blockSize * blockBytes;
    }

    /// <summary>
    /// Decodes every block of <paramref name="source"/> (a whole number of blocks) into the start of
    /// <paramref name="destination"/>; returns the number of floats written.
    /// </summary>
    public static unsafe int Dequantize(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        var (blockSize, blockBytes) = Layout(type);
        if (source.Length % blockBytes != 0)
            throw new ArgumentException($"{source.Length} bytes are not a whole number of {type} blocks of {blockBytes} bytes.", nameof(source));
        var elements = source.Length / blockBytes * blockSize;
        if (elements > destination.Length)
            throw new ArgumentException($"{source.Length} bytes of {type} decode to {elements} floats; the destination holds {destination.Length}.", nameof(destination));
        if (elements == 0) return 0;
        fixed (byte* src = source)
        fixed (float* dst = destination)
        {
            NativeStatus.ThrowIfFailed(NativeMethods.fc_dequantize((int)type, src, dst, elements), $"dequantize {type}");
        }
        return (int)elements;
    }

    /// <summary>Decodes <paramref name="source"/> into a new array.</summary>
    public static float[] Dequantize(GgmlType type, ReadOnlySpan<byte> source)
    {
        var (blockSize, blockBytes) = Layout(type);
        var elements = source.Length / blockBytes * blockSize;
        if (elements > Array.MaxLength)
            throw new ArgumentException($"{source.Length} bytes of {type} decode to {elements} floats, more than an array holds.", nameof(source));
        var result = new float[elements];
        Dequantize(type, source, result);
        return result;
    }

    /// <summary>
    /// Encodes <paramref name="source"/> (a whole number of blocks) into the start of <paramref name="destination"/>
    /// with reference-quality rounding; returns the number of bytes written.
    /// </summary>
    public static unsafe int Quantize(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        var bytes = RowBytes(type, source.Length);
        if (bytes > destination.Length)
            throw new ArgumentException($"{source.Length} floats encode to {bytes} bytes of {type}; the destination holds {destination.Length}.", nameof(destination));
        if (bytes == 0) return 0;
        fixed (float* src = source)
        fixed (byte* dst = destination)
        {
            NativeStatus.ThrowIfFailed(NativeMethods.fc_quantize((int)type, src, dst, source.Length), $"quantize {type}");
        }
        return (int)bytes;
    }

    /// <summary>Encodes <paramref name="source"/> into a new array.</summary>
    public static byte[] Quantize(GgmlType type, ReadOnlySpan<float> source)
    {
        var result = new byte[RowBytes(type, source.Length)];
        Quantize(type, source, result);
        return result;
    }

    private static (long BlockSize, long BlockBytes) Layout(GgmlType type)
    {
        NativeLibraryLoader.EnsureLoaded();
        var blockSize = NativeMethods.fc_type_block_size((int)type);
        if (blockSize <= 0) throw new NotSupportedException($"Tensor type {type} ({(int)type}) has no quantization kernels.");
        return (blockSize, NativeMethods.fc_type_block_bytes((int)type));
    }
}
