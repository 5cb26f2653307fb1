using FastChat.Quantization.Quantizing;

namespace FastChat.Quantization.Conversion;

/// <summary>How to convert a Hugging Face checkpoint.</summary>
public sealed record ConvertOptions
{
    /// <summary>Output type of the weights; null keeps each weight's checkpoint dtype (F32, F16 or BF16). Norms and other 1-D tensors are always F32.</summary>
    public QuantizationType? Type { get; init; }

    /// <summary>Threads that encode rows; default all processors.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
