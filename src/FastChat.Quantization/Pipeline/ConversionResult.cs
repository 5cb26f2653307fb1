using FastChat.Gguf;

namespace FastChat.Quantization.Pipeline;

/// <summary>One tensor of a written model: its source and output types.</summary>
public sealed record TensorConversion(string Name, GgmlType SourceType, GgmlType OutputType, IReadOnlyList<long> Dimensions);

/// <summary>What a quantize or convert run wrote, and how fast.</summary>
public sealed record ConversionResult(string OutputPath, IReadOnlyList<TensorConversion> Tensors, long SourceBytes, long OutputBytes, TimeSpan Elapsed)
{
    /// <summary>Source tensor bytes processed per second, in MB (10^6 bytes).</summary>
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? SourceBytes / 1e6 / Elapsed.TotalSeconds : 0;

    /// <summary>How many tensors ended up in each type, e.g. "Q8_0: 35, F32: 11, F16: 5".</summary>
    public string TypeSummary => string.Join(", ", Tensors.GroupBy(t => t.OutputType)
        .OrderByDescending(g => g.Count()).Select(g => $"{GgmlTypes.GetInfo(g.Key).Name}: {g.Count()}"));
}
