using FastChat.Gguf;
using FastChat.Quantization.Pipeline;

namespace FastChat.Quantization.Quantizing;

/// <summary>
/// `fastchat quantize`: rewrites a GGUF model with its weights in another type. Metadata is kept, with
/// general.file_type and general.quantization_version set; tensors keep their order; each tensor's type comes
/// from <see cref="TensorTypeSelector"/>; tensors that are not quantized (norms, 1-D) are copied unchanged.
/// </summary>
public static class ModelQuantizer
{
    /// <summary>ggml's GGML_QNT_VERSION: the block layout generation of the quantized types.</summary>
    public const uint QuantizationVersion = 2;

    /// <summary>The output type of every tensor of <paramref name="input"/>, in file order.</summary>
    public static IReadOnlyList<(GgufTensorInfo Tensor, GgmlType Type)> Plan(GgufFile input, QuantizeOptions options)
    {
        var architecture = input.Metadata.GetStringOrNull(GgufKeys.Architecture)
            ?? throw new ModelConversionException($"{GgufKeys.Architecture} is missing, so the mixture rules cannot be applied");
        var layers = (int)(input.Metadata.GetUInt32OrNull(GgufKeys.BlockCount(architecture)) ?? 0);
        var experts = (int)(input.Metadata.GetUInt32OrNull(GgufKeys.ExpertCount(architecture)) ?? 0);
        var selector = new TensorTypeSelector(options, architecture, layers, experts, input.Tensors.Select(t => t.Name));
        return input.Tensors.Select(t => (t, selector.Choose(t.Name, t.Dimensions.Count, t.Dimensions[0]) ?? t.Type)).ToList();
    }

    /// <summary>Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/> (written whole or not at all).</summary>
    public static ConversionResult Quantize(string inputPath, string outputPath, QuantizeOptions options,
        IProgress<ConversionProgress>? progress = null, CancellationToken cancellation = default)
    {
        using var input = GgufFile.Open(inputPath);
        var plan = Plan(input, options);
        var metadata = new GgufMetadata();
        foreach (var (key, value) in input.Metadata) metadata.Set(key, value);
        metadata.Set(GgufKeys.FileType, GgufValue.UInt32(options.Type.FileType));
        metadata.Set(GgufKeys.QuantizationVersion, GgufValue.UInt32(QuantizationVersion));
        var tensors = plan.Select(p => (new SourceTensor(p.Tensor.Name, p.Tensor.Type, p.Tensor.Dimensions, input.GetTensorPointer(p.Tensor)), p.Type)).ToList();
        return ModelFileWriter.Write(outputPath, metadata, tensors, options.Threads, progress, cancellation);
    }
}
