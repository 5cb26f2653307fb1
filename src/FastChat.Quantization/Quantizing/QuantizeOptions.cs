using FastChat.Gguf;

namespace FastChat.Quantization.Quantizing;

/// <summary>What to quantize a model to, and how.</summary>
public sealed record QuantizeOptions
{
    public required QuantizationType Type { get; init; }

    /// <summary>Per-tensor types by name pattern, applied after the mixture rules (the last match wins).</summary>
    public IReadOnlyList<TensorTypeOverride> Overrides { get; init; } = [];

    /// <summary>Type of output.weight (or of token_embd.weight when the output is tied to it); null: the rules decide.</summary>
    public GgmlType? OutputTensorType { get; init; }

    /// <summary>Type of token_embd.weight; null: the rules decide.</summary>
    public GgmlType? TokenEmbeddingType { get; init; }

    /// <summary>Every quantizable tensor gets the base type: no mixture rules (row-size fallbacks still apply).</summary>
    public bool Pure { get; init; }

    /// <summary>Threads that encode rows; default all processors.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
