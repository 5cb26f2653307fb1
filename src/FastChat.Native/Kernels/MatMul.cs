using FastChat.Gguf;

namespace FastChat.Native.Kernels;

/// <summary>
/// y = x . W^T for GGUF weights: W is <c>n</c> rows of <c>k</c> elements of a <see cref="GgmlType"/> (a tensor with
/// ne0 = k, ne1 = n), x is <c>m</c> rows of <c>k</c> floats, y is <c>m</c> rows of <c>n</c> floats, all row-major.
/// Quantized weights multiply 8-bit activations quantized once per call; m = 1 is the decode (matrix-vector)
/// case, which reads the weights once at memory bandwidth. Spans are length-checked here, so a short span is
/// an <see cref="ArgumentException"/>, never a native overrun.
/// </summary>
public static class MatMul
{
    /// <summary>Computes y[m][n] = x[m][k] . W^T, split over <paramref name="pool"/> (null runs on the calling thread).</summary>
    /// <exception cref="NotSupportedException">The type has no matmul kernels.</exception>
    /// <exception cref="ArgumentException">A non-positive size, k not a whole number of blocks, or a span too short.</exception>
    public static unsafe void Multiply(NativeThreadPool? pool, GgmlType type, ReadOnlySpan<byte> weights, int n, int k,
                                       ReadOnlySpan<float> x, int m, Span<float> y)
    {
        NativeLibraryLoader.EnsureLoaded();
        var blockSize = NativeMethods.fc_type_block_size((int)type);
        if (blockSize <= 0 || NativeMethods.fc_matmul_path((int)type) == 0)
            throw new NotSupportedException($"Tensor type {type} ({(int)type}) has no matmul kernels.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        if (k % blockSize != 0)
            throw new ArgumentException($"k = {k} is not a whole number of {type} blocks of {blockSize}.", nameof(k));
        var weightBytes = (long)n * NativeMethods.fc_type_row_bytes((int)type, k);
        if (weights.Length < weightBytes)
            throw new ArgumentException($"{n} rows of {k} {type} elements need {weightBytes} bytes; the weights hold {weights.Length}.", nameof(weights));
        if (x.Length < (long)m * k)
            throw new ArgumentException($"x needs {m} x {k} = {(long)m * k} floats; it holds {x.Length}.", nameof(x));
        if (y.Length < (long)m * n)
            throw new ArgumentException($"y needs {m} x {n} = {(long)m * n} floats; it holds {y.Length}.", nameof(y));

        var added = false;
        try
        {
            pool?.DangerousAddRef(ref added); // keeps the pool alive (and refuses a disposed one) for the call
            var handle = pool is null ? 0 : pool.DangerousGetHandle();
            fixed (byte* w = weights)
            fixed (float* px = x)
            fixed (float* py = y)
            {
                NativeStatus.ThrowIfFailed(NativeMethods.fc_matmul(handle, (int)type, w, n, k, px, m, py), $"matmul {type} {m}x{k} . {n}x{k}^T");
            }
        }
        finally
        {
            if (added) pool!.DangerousRelease();
        }
    }

    /// <summary>
    /// The implementation <see cref="Multiply"/> uses for <paramref name="type"/> at the current kernel level
    /// ("scalar", "avx2", "avx512", "avx512_vnni"), or null for a type without matmul kernels.
    /// </summary>
    public static string? PathFor(GgmlType type)
    {
        NativeLibraryLoader.EnsureLoaded();
        return NativeMethods.PtrToString(NativeMethods.fc_matmul_path((int)type));
    }
}
