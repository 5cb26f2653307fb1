using System.Diagnostics;
using FastChat.Gguf;

namespace FastChat.Quantization.Pipeline;

/// <summary>
/// Writes a GGUF file from metadata and source tensors, each encoded to its chosen type as the file is
/// streamed out (no tensor is held whole in memory). The file appears only when complete: it is written to a
/// temporary file beside it and renamed (<see cref="GgufWriter.WriteFile"/>).
/// </summary>
public static class ModelFileWriter
{
    public static ConversionResult Write(
        string path, GgufMetadata metadata, IReadOnlyList<(SourceTensor Source, GgmlType Type)> tensors,
        int threads, IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default)
    {
        // Check every tensor before writing anything, so a bad one fails fast and names itself.
        foreach (var (source, type) in tensors)
            if (TensorEncoder.WhyNotEncodable(source, type) is { } reason)
                throw new ModelConversionException($"tensor '{source.Name}' cannot be written as {GgmlTypes.GetInfo(type).Name}: {reason}");

        var total = tensors.Sum(t => t.Source.ByteSize);
        long done = 0;
        var writer = new GgufWriter(metadata);
        for (var i = 0; i < tensors.Count; i++)
        {
            var index = i;
            var (source, type) = tensors[i];
            writer.AddTensor(source.Name, type, source.Dimensions, (_, stream) =>
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new ConversionProgress(index, tensors.Count, source.Name, done, total));
                TensorEncoder.Encode(source, type, stream, threads, bytes =>
                {
                    done += bytes;
                    progress?.Report(new ConversionProgress(index, tensors.Count, source.Name, done, total));
                });
            });
        }
        var clock = Stopwatch.StartNew();
        writer.WriteFile(path);
        clock.Stop();
        progress?.Report(new ConversionProgress(tensors.Count, tensors.Count, "", total, total));
        var conversions = tensors.Select(t => new TensorConversion(t.Source.Name, t.Source.Type, t.Type, t.Source.Dimensions)).ToList();
        return new ConversionResult(Path.GetFullPath(path), conversions, total, new FileInfo(path).Length, clock.Elapsed);
    }
}
