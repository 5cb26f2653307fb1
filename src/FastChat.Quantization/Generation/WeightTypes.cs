using FastChat.Gguf;
using NativeQuantization = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Generation;

/// <summary>The weight types `gen-model` writes, the general.file_type each maps to, and llama.cpp's fallbacks.</summary>
public static class WeightTypes
{
    /// <summary>Types with an encoder, in the order help text lists them.</summary>
    public static IReadOnlyList<GgmlType> Supported { get; } =
    [
        GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
        GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    ];

    /// <summary>Parses a type name such as "q4_0" or "Q6_K" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">not one of <see cref="Supported"/>; the message lists them.</exception>
    public static GgmlType Parse(string name)
    {
        foreach (var type in Supported)
            if (string.Equals(Name(type), name, StringComparison.OrdinalIgnoreCase)) return type;
        throw new ArgumentException($"unknown or unsupported type '{name}'; use one of {string.Join(", ", Supported.Select(Name))}", nameof(name));
    }

    public static string Name(GgmlType type) => GgmlTypes.GetInfo(type).Name;

    /// <summary>llama.cpp's llama_ftype for a file whose weights are all <paramref name="type"/> (k-quants: the _S variant).</summary>
    public static uint FileType(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q4_1 => 3,
        GgmlType.Q8_0 => 7,
        GgmlType.Q5_0 => 8,
        GgmlType.Q5_1 => 9,
        GgmlType.Q4_K => 14,
        GgmlType.Q5_K => 16,
        GgmlType.Q6_K => 18,
        GgmlType.BF16 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no llama.cpp file type for this type"),
    };

    /// <summary>
    /// The type a weight with rows of <paramref name="rowLength"/> gets: <paramref name="requested"/> when rows are whole
    /// blocks, else llama.cpp's fallback (Q4_K → Q5_0, Q5_K → Q5_1, Q6_K → Q8_0), else F16.
    /// </summary>
    public static GgmlType ForRow(GgmlType requested, long rowLength)
    {
        if (rowLength % NativeQuantization.BlockSize(requested) == 0) return requested;
        var fallback = requested switch
        {
            GgmlType.Q4_K => GgmlType.Q5_0,
            GgmlType.Q5_K => GgmlType.Q5_1,
            GgmlType.Q6_K => GgmlType.Q8_0,
            _ => GgmlType.F16,
        };
        return rowLength % NativeQuantization.BlockSize(fallback) == 0 ? fallback : GgmlType.F16;
    }
}
