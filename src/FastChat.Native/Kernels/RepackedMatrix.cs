using FastChat.Gguf;

namespace FastChat.Native.Kernels;

/// <summary>
/// A Q4_0 or Q8_0 weight matrix copied once into the interleaved layout of the AVX-512 register tiles
/// (<c>fc_repack</c>: 16 rows at a time, quants transposed so one vector holds a step of 16 rows). Every
/// multiply then runs straight from this copy: no per-call unpacking for batches, one sequential stream for
/// decode. The copy is as large as the weights and lives in a <see cref="NativeBuffer"/> this object owns.
/// </summary>
public sealed class RepackedMatrix : IDisposable
{
    private readonly NativeBuffer _buffer;

    private RepackedMatrix(NativeBuffer buffer, GgmlType type, int rows, int columns)
    {
        _buffer = buffer;
        Type = type;
        Rows = rows;
        Columns = columns;
    }

    public GgmlType Type { get; }
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Bytes of the repacked copy (the weights, with the rows rounded up to 16).</summary>
    public long Bytes => _buffer.Size;

    /// <summary>True when the current kernel level has repacked kernels for <paramref name="type"/>.</summary>
    public static bool IsSupported(GgmlType type)
    {
        NativeLibraryLoader.EnsureLoaded();
        return NativeMethods.fc_repack_supported((int)type) != 0;
    }

    /// <summary>
    /// Repacks <paramref name="n"/> rows of <paramref name="k"/> elements, or returns null where this CPU has no
    /// repacked kernels for the type (the caller keeps multiplying the weights in place).
    /// </summary>
    /// <exception cref="ArgumentException">Bad sizes, or fewer weight bytes than n rows of k elements.</exception>
    public static unsafe RepackedMatrix? TryCreate(NativeThreadPool? pool, GgmlType type, ReadOnlySpan<byte> weights, int n, int k)
    {
        if (!IsSupported(type)) return null;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var bytes = NativeMethods.fc_repack_bytes((int)type, n, k);
        if (bytes < 0) throw new ArgumentException($"{type} rows of {k} elements cannot be repacked (k must be a whole number of blocks).", nameof(k));
        var weightBytes = (long)n * NativeMethods.fc_type_row_bytes((int)type, k);
        if (weights.Length < weightBytes)
            throw new ArgumentException($"{n} rows of {k} {type} elements need {weightBytes} bytes; the weights hold {weights.Length}.", nameof(weights));

        var buffer = NativeBuffer.Allocate(bytes);
        var added = false;
        try
        {
            pool?.DangerousAddRef(ref added);
            fixed (byte* w = weights)
            {
                NativeStatus.ThrowIfFailed(NativeMethods.fc_repack(pool?.DangerousGetHandle() ?? 0, (int)type, w, n, k, (void*)buffer.Pointer, bytes),
                                           $"repack {type} {n}x{k}");
            }
            return new RepackedMatrix(buffer, type, n, k);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            if (added) pool!.DangerousRelease();
        }
    }

    /// <summary>y[m][Rows] = x[m][Columns] . W^T, split over <paramref name="pool"/> (null runs on the calling thread).</summary>
    /// <exception cref="ArgumentException">A non-positive m or a span too short.</exception>
    /// <exception cref="ObjectDisposedException">The matrix (or the pool) was disposed.</exception>
    public unsafe void Multiply(NativeThreadPool? pool, ReadOnlySpan<float> x, int m, Span<float> y)
    {
        ObjectDisposedException.ThrowIf(_buffer.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        if (x.Length < (long)m * Columns)
            throw new ArgumentException($"x needs {m} x {Columns} = {(long)m * Columns} floats; it holds {x.Length}.", nameof(x));
        if (y.Length < (long)m * Rows)
            throw new ArgumentException($"y needs {m} x {Rows} = {(long)m * Rows} floats; it holds {y.Length}.", nameof(y));

        bool bufferAdded = false, poolAdded = false;
        try
        {
            _buffer.DangerousAddRef(ref bufferAdded); // a concurrent Dispose waits for the call to finish
            pool?.DangerousAddRef(ref poolAdded);
            fixed (float* px = x)
            fixed (float* py = y)
            {
                NativeStatus.ThrowIfFailed(
                    NativeMethods.fc_matmul_repacked(pool?.DangerousGetHandle() ?? 0, (int)Type, (void*)_buffer.Pointer, Rows, Columns, px, m, py),
                    $"repacked matmul {Type} {m}x{Columns} . {Rows}x{Columns}^T");
            }
        }
        finally
        {
            if (poolAdded) pool!.DangerousRelease();
            if (bufferAdded) _buffer.DangerousRelease();
        }
    }

    /// <summary>
    /// Lets the pages of <paramref name="mappedWeights"/> (a read-only file mapping this matrix was repacked
    /// from) leave the process's resident set, so the weights are not held twice; a later read re-faults them.
    /// Returns false where the platform has no such hint.
    /// </summary>
    public static unsafe bool ReleaseMappedPages(ReadOnlySpan<byte> mappedWeights)
    {
        NativeLibraryLoader.EnsureLoaded();
        fixed (byte* p = mappedWeights) return NativeMethods.fc_release_mapped_pages(p, (nuint)mappedWeights.Length) != 0;
    }

    public void Dispose() => _buffer.Dispose();
}
