using FastChat.Gguf;

namespace FastChat.Quantization.Quantizing;

/// <summary>
/// A whole-model target as the established tools name it (llama.cpp's llama_ftype): the base tensor type,
/// the value written to general.file_type, and whether the k-quant mixture rules refine it per tensor.
/// </summary>
public sealed record QuantizationType(string Name, GgmlType BaseType, uint FileType, string Description)
{
    public static readonly QuantizationType F32 = new("F32", GgmlType.F32, 0, "32-bit floats (no quantization)");
    public static readonly QuantizationType F16 = new("F16", GgmlType.F16, 1, "16-bit floats");
    public static readonly QuantizationType BF16 = new("BF16", GgmlType.BF16, 32, "bfloat16");
    public static readonly QuantizationType Q4_0 = new("Q4_0", GgmlType.Q4_0, 2, "4.5 bpw, symmetric");
    public static readonly QuantizationType Q4_1 = new("Q4_1", GgmlType.Q4_1, 3, "5.0 bpw, with offset");
    public static readonly QuantizationType Q8_0 = new("Q8_0", GgmlType.Q8_0, 7, "8.5 bpw");
    public static readonly QuantizationType Q5_0 = new("Q5_0", GgmlType.Q5_0, 8, "5.5 bpw, symmetric");
    public static readonly QuantizationType Q5_1 = new("Q5_1", GgmlType.Q5_1, 9, "6.0 bpw, with offset");
    public static readonly QuantizationType Q4_K_S = new("Q4_K_S", GgmlType.Q4_K, 14, "Q4_K, Q5_K for the first attn_v/ffn_down layers");
    public static readonly QuantizationType Q4_K_M = new("Q4_K_M", GgmlType.Q4_K, 15, "Q4_K, Q6_K for half of attn_v/ffn_down and the output");
    public static readonly QuantizationType Q5_K_S = new("Q5_K_S", GgmlType.Q5_K, 16, "Q5_K, Q6_K for the output");
    public static readonly QuantizationType Q5_K_M = new("Q5_K_M", GgmlType.Q5_K, 17, "Q5_K, Q6_K for half of attn_v/ffn_down and the output");
    public static readonly QuantizationType Q6_K = new("Q6_K", GgmlType.Q6_K, 18, "6.56 bpw");

    /// <summary>Every supported target.</summary>
    public static IReadOnlyList<QuantizationType> All { get; } = [F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K_S, Q4_K_M, Q5_K_S, Q5_K_M, Q6_K];

    /// <summary>Whether the target is a quantized one (mixture rules and fallbacks apply) rather than a float type.</summary>
    public bool IsQuantized => GgmlTypes.GetInfo(BaseType).IsQuantized;

    /// <summary>Parses a name such as "q4_k_m" or "F16" (case-insensitive).</summary>
    public static QuantizationType Parse(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown quantization type '{name}'; use one of {string.Join(", ", All.Select(t => t.Name))}");

    public override string ToString() => Name;
}
