using FastChat.Gguf;
using FastChat.Quantization.Pipeline;
using FastChat.Quantization.Quantizing;
using FastChat.Quantization.Safetensors;
using FastChat.Quantization.Tokenizers;

namespace FastChat.Quantization.Conversion;

/// <summary>
/// `fastchat convert HF_DIR OUT.gguf`: a Hugging Face checkpoint folder (config.json, safetensors single or
/// sharded, tokenizer files) of a llama, mistral or qwen2 model to GGUF, as llama.cpp's convert_hf_to_gguf
/// does: GGUF tensor names, Q/K rope permutation, hyper-parameters, vocabulary. Every tensor is checked
/// (present, expected shape, float dtype, nothing unexpected) before anything is written, and the output
/// appears only when complete.
/// </summary>
public static class HfConverter
{
    public static ConversionResult Convert(string folder, string outputPath, ConvertOptions options,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (!Directory.Exists(folder)) throw new ModelConversionException($"{folder} is not a folder");
        var config = HfModelConfig.Read(folder);
        var vocabulary = HfTokenizerReader.Read(folder, config.Raw, config.Architecture.BpePre);
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        var sources = CollectTensors(config, vocabulary.Tokens.Count, checkpoint);

        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.Architecture, GgufValue.String(config.Architecture.GgufName));
        if (config.Name is not null) metadata.Set(GgufKeys.Name, GgufValue.String(config.Name));
        config.WriteTo(metadata);
        var tensors = ChooseTypes(config, sources, options);
        metadata.Set(GgufKeys.FileType, GgufValue.UInt32(FileType(options, tensors)));
        metadata.Set(GgufKeys.QuantizationVersion, GgufValue.UInt32(ModelQuantizer.QuantizationVersion));
        vocabulary.WriteTo(metadata);
        return ModelFileWriter.Write(outputPath, metadata, tensors, options.Threads, progress, cancellation);
    }

    /// <summary>The checkpoint's tensors as GGUF sources, after checking names, shapes and dtypes.</summary>
    private static List<SourceTensor> CollectTensors(HfModelConfig config, int vocabularySize, SafetensorsCheckpoint checkpoint)
    {
        var vocabRows = checkpoint.Tensors.TryGetValue("model.embed_tokens.weight", out var embedding) && embedding.Shape.Count == 2
            ? embedding.Shape[0]
            : config.VocabSize ?? vocabularySize;
        if (vocabRows != vocabularySize)
            throw new ModelConversionException($"tensor 'model.embed_tokens.weight' has {vocabRows} rows but the vocabulary has {vocabularySize} tokens");
        var layout = TensorLayout.For(config.Architecture, config.HiddenSize, config.IntermediateSize, config.LayerCount,
            config.HeadCount, config.KvHeadCount, config.HeadDim, vocabRows, outputOptional: config.TieWordEmbeddings || !checkpoint.Tensors.ContainsKey("lm_head.weight"));
        if (!config.TieWordEmbeddings && !checkpoint.Tensors.ContainsKey("lm_head.weight") && config.Raw.TryGetProperty("tie_word_embeddings", out _))
            throw new ModelConversionException("tensor 'lm_head.weight' is missing and tie_word_embeddings is false");

        var expected = layout.Select(m => m.HfName).ToHashSet(StringComparer.Ordinal);
        var unexpected = checkpoint.Tensors.Keys.Where(n => !expected.Contains(n) && !TensorLayout.IsIgnorable(n)).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new ModelConversionException($"unexpected tensor '{unexpected[0]}' for {config.Architecture.ClassName}" + (unexpected.Count > 1 ? $" (and {unexpected.Count - 1} more)" : ""));

        var sources = new List<SourceTensor>();
        foreach (var mapping in layout)
        {
            if (!checkpoint.Tensors.TryGetValue(mapping.HfName, out var tensor))
            {
                if (mapping.Optional) continue;
                throw new ModelConversionException($"tensor '{mapping.HfName}' is missing");
            }
            if (!tensor.Shape.SequenceEqual(mapping.HfShape))
                throw new ModelConversionException($"tensor '{mapping.HfName}' has shape {tensor.ShapeText}, expected {mapping.HfShapeText}");
            var type = SafetensorsDType.ToGgml(tensor.DType)
                ?? throw new ModelConversionException($"tensor '{mapping.HfName}' has dtype {tensor.DType}, which cannot be converted (F32, F16 and BF16 can)");
            var rowOrder = mapping.RopeHeads is { } heads ? RopePermutation.HfToGguf((int)mapping.HfShape[0], heads) : null;
            sources.Add(new SourceTensor(mapping.GgufName, type, mapping.GgufDimensions, tensor.Pointer, rowOrder));
        }
        return sources;
    }

    /// <summary>1-D tensors become F32; weights keep their dtype, or follow the quantization rules when a type is given.</summary>
    private static List<(SourceTensor, GgmlType)> ChooseTypes(HfModelConfig config, List<SourceTensor> sources, ConvertOptions options)
    {
        TensorTypeSelector? selector = options.Type is { } type
            ? new TensorTypeSelector(new QuantizeOptions { Type = type, Threads = options.Threads }, config.Architecture.GgufName, config.LayerCount, 0, sources.Select(s => s.Name))
            : null;
        return sources.Select(source =>
        {
            if (source.DimensionCount == 1) return (source, GgmlType.F32);
            return (source, selector?.Choose(source.Name, source.DimensionCount, source.RowLength) ?? source.Type);
        }).ToList();
    }

    /// <summary>general.file_type: the requested type's, else that of the weights' dtype (F32 0, F16 1, BF16 32).</summary>
    private static uint FileType(ConvertOptions options, List<(SourceTensor Source, GgmlType Type)> tensors)
    {
        if (options.Type is { } type) return type.FileType;
        var weights = tensors.Where(t => t.Source.DimensionCount > 1).Select(t => t.Type).ToList();
        var dominant = weights.Count == 0 ? GgmlType.F32 : weights.GroupBy(t => t).OrderByDescending(g => g.Count()).First().Key;
        return dominant switch { GgmlType.F16 => 1, GgmlType.BF16 => 32, _ => 0 };
    }
}
