using System.Buffers;
using FastChat.Gguf;
using NativeQuantization = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Generation;

/// <summary>
/// Streams one tensor's data into a GGUF writer's data callback: rows are generated and encoded in parallel a batch
/// at a time into one reused buffer, so memory stays a few MB whatever the tensor size.
/// </summary>
internal sealed class RandomTensorWriter(ulong modelSeed, float stdDev, int threads, CancellationToken cancellation)
{
    /// <summary>Encoded bytes per batch written to the stream.</summary>
    private const int BatchBytes = 4 << 20;

    private byte[]? _batch;

    /// <summary>Writes <paramref name="tensor"/>'s bytes; <paramref name="written"/> gets each batch's byte count.</summary>
    public void Write(GgufTensorInfo tensor, TensorContent content, Stream destination, Action<long> written)
    {
        var rowLength = tensor.Dimensions[0];
        var rowCount = tensor.ElementCount / rowLength;
        var rowBytes = NativeQuantization.RowBytes(tensor.Type, rowLength);
        var rowsPerChunk = Math.Max(1, RandomWeights.ChunkElements / rowLength);
        var chunkBytes = rowsPerChunk * rowBytes;
        var chunksPerBatch = (int)Math.Max(1, BatchBytes / chunkBytes);
        var totalChunks = (rowCount + rowsPerChunk - 1) / rowsPerChunk;
        var batch = _batch ??= new byte[Math.Max(BatchBytes, (int)chunkBytes)];
        if (batch.Length < chunkBytes) batch = _batch = new byte[chunkBytes];
        var tensorSeed = RandomWeights.TensorSeed(modelSeed, tensor.Name);

        for (long first = 0; first < totalChunks; first += chunksPerBatch)
        {
            cancellation.ThrowIfCancellationRequested();
            var chunks = (int)Math.Min(chunksPerBatch, totalChunks - first);
            var batchStart = first;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
            {
                var chunk = batchStart + c;
                var rows = (int)Math.Min(rowsPerChunk, rowCount - chunk * rowsPerChunk);
                var elements = (int)(rows * rowLength);
                var values = ArrayPool<float>.Shared.Rent(elements);
                try
                {
                    var span = values.AsSpan(0, elements);
                    if (content == TensorContent.Ones) span.Fill(1f);
                    else RandomWeights.Fill(span, RandomWeights.ChunkSeed(tensorSeed, chunk), stdDev);
                    NativeQuantization.Quantize(tensor.Type, span, batch.AsSpan((int)(c * chunkBytes), (int)(rows * rowBytes)));
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(values);
                }
            });
            var rowsInBatch = Math.Min((long)chunks * rowsPerChunk, rowCount - first * rowsPerChunk);
            var bytes = (int)(rowsInBatch * rowBytes);
            destination.Write(batch, 0, bytes);
            written(bytes);
        }
    }
}
