using FastChat.Gguf;

namespace FastChat.Quantization.Safetensors;

/// <summary>The dtypes of the safetensors format, with their element sizes and the ggml type of the float ones.</summary>
public static class SafetensorsDType
{
    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E4M3"] = 1, ["F8_E5M2"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>Whether <paramref name="dtype"/> is a dtype the format defines.</summary>
    public static bool IsKnown(string dtype) => Sizes.ContainsKey(dtype);

    /// <summary>Bytes per element of a known dtype.</summary>
    public static int ElementSize(string dtype) =>
        Sizes.TryGetValue(dtype, out var size) ? size : throw new ModelConversionException($"unknown safetensors dtype '{dtype}'");

    /// <summary>The ggml type with the same bits (F32, F16, BF16), or null for dtypes models cannot be converted from.</summary>
    public static GgmlType? ToGgml(string dtype) => dtype switch
    {
        "F32" => GgmlType.F32,
        "F16" => GgmlType.F16,
        "BF16" => GgmlType.BF16,
        _ => null,
    };

    /// <summary>The safetensors name of a float ggml type.</summary>
    public static string FromGgml(GgmlType type) => type switch
    {
        GgmlType.F32 => "F32",
        GgmlType.F16 => "F16",
        GgmlType.BF16 => "BF16",
        _ => throw new ArgumentException($"{type} has no safetensors dtype.", nameof(type)),
    };
}
