using System.Collections.Frozen;

namespace FastChat.Gguf;

/// <summary>The size rules of every ggml type a GGUF file may contain (ggml's type_traits, as data).</summary>
public static class GgmlTypes
{
    private const int QK_K = 256; // super-block size of the k-quants and i-quants

    private static readonly FrozenDictionary<GgmlType, GgmlTypeInfo> Infos = new GgmlTypeInfo[]
    {
        new(GgmlType.F32, "F32", 1, 4, false),
        new(GgmlType.F16, "F16", 1, 2, false),
        new(GgmlType.BF16, "BF16", 1, 2, false),
        new(GgmlType.F64, "F64", 1, 8, false),
        new(GgmlType.I8, "I8", 1, 1, false),
        new(GgmlType.I16, "I16", 1, 2, false),
        new(GgmlType.I32, "I32", 1, 4, false),
        new(GgmlType.I64, "I64", 1, 8, false),
        new(GgmlType.Q4_0, "Q4_0", 32, 2 + 16, true),          // d, 32 nibbles
        new(GgmlType.Q4_1, "Q4_1", 32, 2 + 2 + 16, true),      // d, m, 32 nibbles
        new(GgmlType.Q5_0, "Q5_0", 32, 2 + 4 + 16, true),      // d, high bits, nibbles
        new(GgmlType.Q5_1, "Q5_1", 32, 2 + 2 + 4 + 16, true),
        new(GgmlType.Q8_0, "Q8_0", 32, 2 + 32, true),
        new(GgmlType.Q8_1, "Q8_1", 32, 2 + 2 + 32, true),      // d, s = d * sum(qs)
        new(GgmlType.Q2_K, "Q2_K", QK_K, 16 + 64 + 2 + 2, true),
        new(GgmlType.Q3_K, "Q3_K", QK_K, 32 + 64 + 12 + 2, true),
        new(GgmlType.Q4_K, "Q4_K", QK_K, 2 + 2 + 12 + 128, true),
        new(GgmlType.Q5_K, "Q5_K", QK_K, 2 + 2 + 12 + 32 + 128, true),
        new(GgmlType.Q6_K, "Q6_K", QK_K, 128 + 64 + 16 + 2, true),
        new(GgmlType.Q8_K, "Q8_K", QK_K, 4 + 256 + 32, true),  // f32 d, qs, 16 int16 block sums
        new(GgmlType.IQ2_XXS, "IQ2_XXS", QK_K, 2 + 64, true),
        new(GgmlType.IQ2_XS, "IQ2_XS", QK_K, 2 + 64 + 8, true),
        new(GgmlType.IQ2_S, "IQ2_S", QK_K, 2 + 64 + 8 + 8, true),
        new(GgmlType.IQ3_XXS, "IQ3_XXS", QK_K, 2 + 96, true),
        new(GgmlType.IQ3_S, "IQ3_S", QK_K, 2 + 64 + 8 + 32 + 4, true),
        new(GgmlType.IQ1_S, "IQ1_S", QK_K, 2 + 32 + 16, true),
        new(GgmlType.IQ1_M, "IQ1_M", QK_K, 32 + 16 + 8, true),
        new(GgmlType.IQ4_NL, "IQ4_NL", 32, 2 + 16, true),
        new(GgmlType.IQ4_XS, "IQ4_XS", QK_K, 2 + 2 + 4 + 128, true),
        new(GgmlType.TQ1_0, "TQ1_0", QK_K, 48 + 4 + 2, true),
        new(GgmlType.TQ2_0, "TQ2_0", QK_K, 64 + 2, true),
        new(GgmlType.MXFP4, "MXFP4", 32, 1 + 16, true),
    }.ToFrozenDictionary(info => info.Type);

    private static readonly FrozenDictionary<string, GgmlType> ByName =
        Infos.Values.ToFrozenDictionary(info => info.Name, info => info.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every known type, in numeric order.</summary>
    public static IEnumerable<GgmlTypeInfo> All => Infos.Values.OrderBy(info => info.Type);

    public static bool IsKnown(GgmlType type) => Infos.ContainsKey(type);

    public static bool TryGetInfo(GgmlType type, out GgmlTypeInfo info) => Infos.TryGetValue(type, out info);

    public static GgmlTypeInfo GetInfo(GgmlType type) =>
        Infos.TryGetValue(type, out var info)
            ? info
            : throw new ArgumentException($"ggml type {(uint)type} is not a known tensor type.", nameof(type));

    /// <summary>Parses a type name such as "q4_0" or "BF16".</summary>
    public static bool TryParse(string name, out GgmlType type) => ByName.TryGetValue(name, out type);

    /// <summary>Why a raw type id is not usable: "removed from ggml" or "unknown".</summary>
    public static string DescribeUnknown(uint rawType) => rawType is 4 or 5 or (>= 31 and <= 33) or (>= 36 and <= 38)
        ? $"type {rawType} was removed from ggml and is no longer supported"
        : $"type {rawType} is unknown";
}
