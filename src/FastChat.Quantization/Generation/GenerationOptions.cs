using FastChat.Gguf;

namespace FastChat.Quantization.Generation;

/// <summary>What <see cref="RandomModelGenerator"/> writes: a preset's shape, the weight type, and the seed.</summary>
public sealed record GenerationOptions
{
    public required ModelPreset Preset { get; init; }

    /// <summary>Type of every 2-D weight (norms and biases stay F32); see <see cref="WeightTypes.Supported"/>.</summary>
    public GgmlType Type { get; init; } = GgmlType.Q4_0;

    /// <summary>Same seed, same preset and type: the same bytes, whatever the thread count or machine.</summary>
    public ulong Seed { get; init; }

    /// <summary>Standard deviation of the random weights (roughly normal; norms are 1).</summary>
    public float WeightStdDev { get; init; } = 0.02f;

    /// <summary>Threads that generate and quantize rows.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
