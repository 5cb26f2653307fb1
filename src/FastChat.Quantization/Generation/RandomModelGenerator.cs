using System.Diagnostics;
using FastChat.Gguf;

namespace FastChat.Quantization.Generation;

/// <summary>
/// Writes a GGUF with a real model's shape, random weights and a synthesized tokenizer (`fastchat gen-model`), for
/// speed tests on machines without the model. Hyper-parameter keys and tensor names are llama.cpp's; every 2-D
/// weight gets the requested type (or llama.cpp's fallback when its rows are not whole blocks), norms are F32
/// ones, biases F32 random. Tensor data is generated inside the writer's data callback, a few MB at a time, so
/// a 4 GB model never sits in memory.
/// </summary>
public static class RandomModelGenerator
{
    /// <summary>Writes the model to <paramref name="path"/> (through a temporary file, renamed at the end).</summary>
    public static GenerationResult Write(GenerationOptions options, string path, IProgress<GenerationProgress>? progress = null, CancellationToken cancellation = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var (writer, fallbacks) = Build(options, progress, cancellation);
        writer.WriteFile(path);
        return new GenerationResult(Path.GetFullPath(path), new FileInfo(path).Length, options.Preset.ParameterCount,
            writer.Tensors.Count, stopwatch.Elapsed, fallbacks);
    }

    /// <summary>Writes the model to a stream (which need not be seekable).</summary>
    public static void WriteTo(GenerationOptions options, Stream destination, IProgress<GenerationProgress>? progress = null, CancellationToken cancellation = default) =>
        Build(options, progress, cancellation).Writer.WriteTo(destination);

    /// <summary>The metadata and tensor table (names, types, shapes) a model would have, without writing any data.</summary>
    public static GgufWriter Plan(GenerationOptions options) => Build(options, null, default).Writer;

    private static (GgufWriter Writer, IReadOnlyList<string> Fallbacks) Build(GenerationOptions options, IProgress<GenerationProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var preset = options.Preset;
        preset.Validate();
        if (!WeightTypes.Supported.Contains(options.Type))
            throw new ArgumentException($"type {WeightTypes.Name(options.Type)} cannot be generated; use one of {string.Join(", ", WeightTypes.Supported.Select(WeightTypes.Name))}");
        if (options.Threads < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1.");

        var writer = new GgufWriter(Metadata(options));
        var tensors = TensorLayout.For(preset);
        var fallbacks = new List<string>();
        var bytesTotal = 0L;
        var bytesDone = 0L;
        var weights = new RandomTensorWriter(options.Seed, options.WeightStdDev, options.Threads, cancellation);
        foreach (var (tensor, index) in tensors.Select((t, i) => (t, i)))
        {
            var type = tensor.Dimensions.Length == 1 ? GgmlType.F32 : WeightTypes.ForRow(options.Type, tensor.Dimensions[0]);
            if (tensor.Dimensions.Length > 1 && type != options.Type)
                fallbacks.Add($"{tensor.Name}: rows of {tensor.Dimensions[0]} are not whole {WeightTypes.Name(options.Type)} blocks, written as {WeightTypes.Name(type)}");
            var content = tensor.Content;
            var info = writer.AddTensor(tensor.Name, type, tensor.Dimensions, (info, stream) =>
            {
                progress?.Report(new GenerationProgress(index, tensors.Count, info.Name, bytesDone, bytesTotal));
                weights.Write(info, content, stream, bytes =>
                {
                    bytesDone += bytes;
                    progress?.Report(new GenerationProgress(index, tensors.Count, info.Name, bytesDone, bytesTotal));
                });
            });
            bytesTotal += info.ByteSize;
        }
        return (writer, fallbacks);
    }

    private static GgufMetadata Metadata(GenerationOptions options)
    {
        var preset = options.Preset;
        var arch = preset.Architecture;
        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.Architecture, GgufValue.String(arch));
        metadata.Set(GgufKeys.Name, GgufValue.String($"{preset.Name} (random weights)"));
        metadata.Set("general.description", GgufValue.String(
            $"Random weights (seed {options.Seed}) and a synthetic vocabulary in the shape of {preset.Name}, written by fastchat gen-model for speed tests; it generates noise."));
        metadata.Set(GgufKeys.FileType, GgufValue.UInt32(WeightTypes.FileType(options.Type)));
        metadata.Set(GgufKeys.QuantizationVersion, GgufValue.UInt32(2));
        metadata.Set(GgufKeys.ContextLength(arch), GgufValue.UInt32((uint)preset.ContextLength));
        metadata.Set(GgufKeys.EmbeddingLength(arch), GgufValue.UInt32((uint)preset.EmbeddingLength));
        metadata.Set(GgufKeys.BlockCount(arch), GgufValue.UInt32((uint)preset.BlockCount));
        metadata.Set(GgufKeys.FeedForwardLength(arch), GgufValue.UInt32((uint)preset.FeedForwardLength));
        metadata.Set(GgufKeys.HeadCount(arch), GgufValue.UInt32((uint)preset.HeadCount));
        metadata.Set(GgufKeys.HeadCountKv(arch), GgufValue.UInt32((uint)preset.HeadCountKv));
        metadata.Set(GgufKeys.RmsNormEpsilon(arch), GgufValue.Float32(preset.RmsNormEpsilon));
        metadata.Set(GgufKeys.RopeFreqBase(arch), GgufValue.Float32(preset.RopeFreqBase));
        metadata.Set(GgufKeys.RopeDimensionCount(arch), GgufValue.UInt32((uint)preset.HeadDimension));
        metadata.Set(GgufKeys.VocabSize(arch), GgufValue.UInt32((uint)preset.VocabSize));
        foreach (var (key, value) in SyntheticVocabulary.Metadata(preset.VocabSize)) metadata.Set(key, value);
        return metadata;
    }
}
