using FastChat.Gguf;
using FastChat.Quantization.Conversion;
using FastChat.Quantization.Pipeline;
using FastChat.Quantization.Safetensors;
using FastChat.Quantization.Tokenizers;

namespace FastChat.Quantization.Export;

/// <summary>
/// `fastchat export GGUF HF_DIR`: the reverse of <see cref="HfConverter"/>. Writes config.json,
/// generation_config.json, safetensors (F32/F16/BF16 tensors as they are, quantized ones decoded to F32;
/// Q/K rows un-permuted) and tokenizer files. The folder is built under a temporary name beside the target
/// and renamed at the end, so a failed export leaves nothing behind; the target must not exist or be empty.
/// </summary>
public static class GgufExporter
{
    public static IReadOnlyList<string> Export(string ggufPath, string folder, ExportOptions options)
    {
        var target = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new ModelConversionException($"{target} exists and is not empty");
        using var gguf = GgufFile.Open(ggufPath);
        var hp = gguf.HyperParameters;
        var architecture = HfArchitecture.FromGgufName(hp.Architecture);
        var vocabulary = GgufVocabulary.FromMetadata(gguf.Metadata);
        var tensors = PlanTensors(gguf, hp, architecture, vocabulary.Tokens.Count);

        var temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(temporary);
        try
        {
            var writer = new SafetensorsWriter { MaxShardBytes = options.MaxShardBytes };
            foreach (var (source, hfName, type) in tensors)
                writer.Add(hfName, SafetensorsDType.FromGgml(type), source.Dimensions.Reverse().ToArray(),
                    stream => TensorEncoder.Encode(source, type, stream, options.Threads));
            var files = new List<string>(writer.WriteTo(temporary));
            var dtype = tensors.Where(t => t.Source.DimensionCount > 1).Select(t => t.Type).DefaultIfEmpty(GgmlType.F32).First();
            HfTokenizerWriter.WriteJson(Path.Combine(temporary, "config.json"), json => HfConfigWriter.Write(json, hp, architecture, vocabulary, gguf.TryGetTensor("output.weight", out _), dtype));
            HfTokenizerWriter.WriteJson(Path.Combine(temporary, "generation_config.json"), json =>
            {
                json.WriteStartObject();
                foreach (var role in new[] { "bos", "eos", "pad" })
                    if (vocabulary.SpecialIds.TryGetValue(role, out var id)) json.WriteNumber(role + "_token_id", id);
                json.WriteEndObject();
            });
            files.Add("config.json");
            files.Add("generation_config.json");
            files.AddRange(HfTokenizerWriter.Write(vocabulary, temporary, architecture == HfArchitecture.Qwen2 ? "Qwen2Tokenizer" : "LlamaTokenizer"));
            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(temporary, target);
            return files;
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    /// <summary>Each GGUF tensor with its Hugging Face name and output dtype; Q/K get the inverse rope permutation.</summary>
    private static List<(SourceTensor Source, string HfName, GgmlType Type)> PlanTensors(GgufFile gguf, ModelHyperParameters hp, HfArchitecture architecture, int vocabularySize)
    {
        uint Require(uint? value, string key) => value ?? throw new ModelConversionException($"{key} is missing");
        var arch = hp.Architecture;
        var layout = TensorLayout.For(architecture,
            (int)Require(hp.EmbeddingLength, GgufKeys.EmbeddingLength(arch)), (int)Require(hp.FeedForwardLength, GgufKeys.FeedForwardLength(arch)),
            (int)Require(hp.BlockCount, GgufKeys.BlockCount(arch)), (int)Require(hp.HeadCount, GgufKeys.HeadCount(arch)),
            (int)Require(hp.EffectiveHeadCountKv, GgufKeys.HeadCountKv(arch)), (int)Require(hp.HeadDimension, GgufKeys.KeyLength(arch)),
            vocabularySize, outputOptional: true);
        var byGguf = layout.ToDictionary(m => m.GgufName, StringComparer.Ordinal);
        var plan = new List<(SourceTensor, string, GgmlType)>();
        foreach (var tensor in gguf.Tensors)
        {
            if (!byGguf.TryGetValue(tensor.Name, out var mapping))
                throw new ModelConversionException($"tensor '{tensor.Name}' has no Hugging Face name in {architecture.ClassName}");
            var ggufShape = mapping.GgufDimensions;
            if (!tensor.Dimensions.SequenceEqual(ggufShape))
                throw new ModelConversionException($"tensor '{tensor.Name}' has shape {tensor.ShapeText}, expected [{string.Join(", ", ggufShape)}]");
            var rowOrder = mapping.RopeHeads is { } heads ? RopePermutation.GgufToHf((int)mapping.HfShape[0], heads) : null;
            var type = tensor.Type is GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 ? tensor.Type : GgmlType.F32;
            plan.Add((new SourceTensor(tensor.Name, tensor.Type, tensor.Dimensions, gguf.GetTensorPointer(tensor), rowOrder), mapping.HfName, type));
        }
        foreach (var mapping in layout.Where(m => !m.Optional))
            if (!gguf.TryGetTensor(mapping.GgufName, out _)) throw new ModelConversionException($"tensor '{mapping.GgufName}' is missing");
        return plan;
    }
}
