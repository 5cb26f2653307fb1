using System.Buffers;
using FastChat.Gguf;
using QuantKernels = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Pipeline;

/// <summary>
/// Streams a <see cref="SourceTensor"/> into another ggml type: rows are decoded to f32 and re-encoded in
/// parallel, a bounded chunk of rows at a time, so memory use does not grow with the tensor. A tensor that
/// keeps its type and row order is copied byte for byte.
/// </summary>
public static class TensorEncoder
{
    /// <summary>Output bytes encoded per chunk before it is written out.</summary>
    private const long ChunkBytes = 16 << 20;

    /// <summary>Below this many source bytes a tensor is encoded on the calling thread (parallel overhead dominates).</summary>
    private const long ParallelThreshold = 1 << 18;

    /// <summary>Whether <paramref name="source"/> can be written as <paramref name="target"/> (kernels exist, rows are whole blocks).</summary>
    public static string? WhyNotEncodable(SourceTensor source, GgmlType target)
    {
        if (source.Type == target) return null;
        if (!QuantKernels.IsSupported(source.Type)) return $"its type {source.TypeInfo.Name} cannot be decoded";
        if (!QuantKernels.IsSupported(target)) return $"type {GgmlTypes.GetInfo(target).Name} has no encoder";
        var blockSize = QuantKernels.BlockSize(target);
        return source.RowLength % blockSize == 0 ? null
            : $"its rows of {source.RowLength} are not a multiple of the {GgmlTypes.GetInfo(target).Name} block size {blockSize}";
    }

    /// <summary>
    /// Writes <paramref name="source"/> as <paramref name="target"/> to <paramref name="destination"/>, using up to
    /// <paramref name="threads"/> threads; <paramref name="progress"/> gets the source bytes done after each chunk.
    /// </summary>
    public static void Encode(SourceTensor source, GgmlType target, Stream destination, int threads, Action<long>? progress = null)
    {
        if (WhyNotEncodable(source, target) is { } reason)
            throw new ModelConversionException($"tensor '{source.Name}' cannot be written as {GgmlTypes.GetInfo(target).Name}: {reason}");
        if (source.RowCount == 0) return;
        if (source.Type == target && source.RowOrder is null) Copy(source, destination, progress);
        else Convert(source, target, destination, threads, progress);
    }

    private static unsafe void Copy(SourceTensor source, Stream destination, Action<long>? progress)
    {
        for (long done = 0; done < source.ByteSize;)
        {
            var length = (int)Math.Min(ChunkBytes, source.ByteSize - done);
            destination.Write(new ReadOnlySpan<byte>((byte*)source.Data + done, length));
            done += length;
            progress?.Invoke(length);
        }
    }

    private static void Convert(SourceTensor source, GgmlType target, Stream destination, int threads, Action<long>? progress)
    {
        var outRowBytes = QuantKernels.RowBytes(target, source.RowLength);
        var rowCost = Math.Max(outRowBytes, source.RowLength * sizeof(float));
        var chunkRows = Math.Clamp(ChunkBytes / rowCost, 1, source.RowCount);
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)(chunkRows * outRowBytes)));
        try
        {
            var parallel = threads > 1 && source.ByteSize >= ParallelThreshold;
            for (long first = 0; first < source.RowCount; first += chunkRows)
            {
                var rows = (int)Math.Min(chunkRows, source.RowCount - first);
                if (parallel)
                {
                    // A few slices per thread so an uneven slice does not leave the others idle.
                    var slices = Math.Min(rows, threads * 4);
                    Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = threads }, slice =>
                    {
                        var begin = (int)((long)rows * slice / slices);
                        var end = (int)((long)rows * (slice + 1) / slices);
                        EncodeRows(source, target, first, begin, end, buffer, outRowBytes);
                    });
                }
                else
                {
                    EncodeRows(source, target, first, 0, rows, buffer, outRowBytes);
                }
                destination.Write(buffer, 0, (int)(rows * outRowBytes));
                progress?.Invoke(rows * source.RowBytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Rows [begin, end) of the chunk starting at source row <paramref name="first"/>, into their places in <paramref name="output"/>.</summary>
    private static unsafe void EncodeRows(SourceTensor source, GgmlType target, long first, int begin, int end, byte[] output, long outRowBytes)
    {
        var length = (int)source.RowLength;
        var floats = source.Type == GgmlType.F32 ? null : ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (var i = begin; i < end; i++)
            {
                var input = new ReadOnlySpan<byte>((void*)source.RowPointer(first + i), (int)source.RowBytes);
                ReadOnlySpan<float> row;
                if (floats is null) row = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(input);
                else
                {
                    QuantKernels.Dequantize(source.Type, input, floats);
                    row = floats.AsSpan(0, length);
                }
                QuantKernels.Quantize(target, row, output.AsSpan((int)(i * outRowBytes), (int)outRowBytes));
            }
        }
        finally
        {
            if (floats is not null) ArrayPool<float>.Shared.Return(floats);
        }
    }
}
