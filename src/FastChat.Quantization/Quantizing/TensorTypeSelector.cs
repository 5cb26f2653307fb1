using System.Globalization;
using FastChat.Gguf;

namespace FastChat.Quantization.Quantizing;

/// <summary>
/// Chooses each tensor's type the way llama.cpp's llama-quantize does (llama_tensor_get_type): which tensors are
/// quantized at all (2-D+ weights, not norms), the k-quant mixtures (more bits for some attn_v / ffn_down layers
/// and for the output), the fallback for rows that are not whole blocks, then user overrides.
/// Known differences: legacy types (Q4_0..Q8_0) whose rows do not fit fall back to F16 where llama.cpp stops
/// with an error; the fallback also applies with <see cref="QuantizeOptions.Pure"/>; overrides apply even when a
/// fallback was needed, and one that does not fit the rows is an error naming the tensor; the 70B-only attn_v
/// rule is not applied.
/// </summary>
public sealed class TensorTypeSelector
{
    private readonly QuantizeOptions _options;
    private readonly string _architecture;
    private readonly int _layerCount;
    private readonly int _expertCount;
    private readonly bool _hasOutput;
    private readonly Dictionary<string, int> _attentionVIndex;
    private readonly int _attentionVCount;

    /// <param name="tensorNames">Every tensor of the model (the counts and layer order of the rules come from them).</param>
    public TensorTypeSelector(QuantizeOptions options, string architecture, int layerCount, int expertCount, IEnumerable<string> tensorNames)
    {
        _options = options;
        _architecture = architecture;
        _layerCount = layerCount;
        _expertCount = Math.Max(1, expertCount);
        var names = tensorNames.ToList();
        _hasOutput = names.Contains("output.weight");
        // llama.cpp walks tensors ordered by layer, then name; attn_v's index is its rank in that walk.
        var attentionV = names.Where(n => n.Contains("attn_v.weight", StringComparison.Ordinal))
            .OrderBy(LayerOf).ThenBy(n => n, StringComparer.Ordinal).ToList();
        _attentionVIndex = attentionV.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _attentionVCount = attentionV.Count + names.Count(n => n.Contains("attn_qkv.weight", StringComparison.Ordinal));
    }

    /// <summary>Whether llama-quantize would quantize a tensor of this name and rank (norms, 1-D tensors and a few small ones stay).</summary>
    public static bool IsQuantizable(string name, int dimensionCount) =>
        name.EndsWith("weight", StringComparison.Ordinal)
        && dimensionCount >= 2
        && !name.Contains("_norm.weight", StringComparison.Ordinal)
        && !name.Contains("ffn_gate_inp.weight", StringComparison.Ordinal)
        && !name.Contains("altup", StringComparison.Ordinal)
        && !name.Contains("laurel", StringComparison.Ordinal)
        && name is not ("position_embd.weight" or "token_types.weight")
        && !name.Contains("ssm_conv1d.weight", StringComparison.Ordinal)
        && !name.Contains("attn_rel_b.weight", StringComparison.Ordinal);

    /// <summary>
    /// The type for a tensor, or null when it is not quantized (the caller keeps it as it is).
    /// <paramref name="rowLength"/> is Dimensions[0].
    /// </summary>
    public GgmlType? Choose(string name, int dimensionCount, long rowLength)
    {
        if (!IsQuantizable(name, dimensionCount)) return null;
        var type = _options.Type.BaseType;
        if (_options.Type.IsQuantized)
        {
            if (!_options.Pure) type = ApplyMixture(name, type, rowLength);
            type = Fallback(type, rowLength);
        }
        foreach (var entry in _options.Overrides)
            if (entry.Matches(name)) type = entry.Type;
        if (name == "token_embd.weight" && _options.TokenEmbeddingType is { } embedding) type = embedding;
        if (name == "output.weight" && _options.OutputTensorType is { } output) type = output;
        var blockSize = GgmlTypes.GetInfo(type).BlockSize;
        if (rowLength % blockSize != 0)
            throw new ModelConversionException($"tensor '{name}': the requested type {GgmlTypes.GetInfo(type).Name} needs rows that are a multiple of {blockSize}, but its rows hold {rowLength}");
        return type;
    }

    /// <summary>A type whose blocks fit rows of <paramref name="rowLength"/>: k-quants step down as in llama.cpp, the rest go to F16.</summary>
    public static GgmlType Fallback(GgmlType type, long rowLength)
    {
        if (rowLength % GgmlTypes.GetInfo(type).BlockSize == 0) return type;
        var fallback = type switch
        {
            GgmlType.Q4_K => GgmlType.Q5_0,
            GgmlType.Q5_K => GgmlType.Q5_1,
            GgmlType.Q6_K => GgmlType.Q8_0,
            _ => GgmlType.F16,
        };
        return rowLength % GgmlTypes.GetInfo(fallback).BlockSize == 0 ? fallback : GgmlType.F16;
    }

    private GgmlType ApplyMixture(string name, GgmlType type, long rowLength)
    {
        var ftype = _options.Type;
        var falcon = _architecture == "falcon";
        if (name == "output.weight" || (!_hasOutput && name == "token_embd.weight"))
        {
            if (_options.OutputTensorType is { } output) return output;
            if (falcon || rowLength % GgmlTypes.GetInfo(type).BlockSize != 0) return GgmlType.Q8_0;
            return type != GgmlType.Q8_0 ? GgmlType.Q6_K : type;
        }
        if (name == "token_embd.weight") return _options.TokenEmbeddingType ?? type;
        if (name.Contains("attn_v.weight", StringComparison.Ordinal))
        {
            var i = _attentionVIndex[name];
            if ((ftype == QuantizationType.Q4_K_M || ftype == QuantizationType.Q5_K_M) && UseMoreBits(i, _attentionVCount)) type = GgmlType.Q6_K;
            else if (ftype == QuantizationType.Q4_K_S && i < 4) type = GgmlType.Q5_K;
            if (_expertCount == 8) type = GgmlType.Q8_0;
            return type;
        }
        if (name.Contains("attn_k.weight", StringComparison.Ordinal))
            return _expertCount == 8 ? GgmlType.Q8_0 : type;
        if (name.Contains("ffn_down", StringComparison.Ordinal))
        {
            var i = LayerOf(name);
            var n = _layerCount;
            if (ftype == QuantizationType.Q4_K_M)
            {
                if (falcon) return i < n / 16 ? GgmlType.Q6_K : UseMoreBits(i, n) ? GgmlType.Q5_K : GgmlType.Q4_K;
                return UseMoreBits(i, n) ? GgmlType.Q6_K : type;
            }
            if (ftype == QuantizationType.Q5_K_M && UseMoreBits(i, n)) return GgmlType.Q6_K;
            if (ftype == QuantizationType.Q4_K_S && !falcon && i < n / 8) return GgmlType.Q5_K;
            return type;
        }
        if (name.Contains("attn_output.weight", StringComparison.Ordinal))
            return !falcon && _expertCount == 8 && (ftype == QuantizationType.Q4_K_S || ftype == QuantizationType.Q4_K_M) ? GgmlType.Q5_K : type;
        if (name.Contains("attn_qkv.weight", StringComparison.Ordinal))
        {
            if (ftype == QuantizationType.Q4_K_M) return GgmlType.Q5_K;
            if (ftype == QuantizationType.Q5_K_M) return GgmlType.Q6_K;
        }
        return type;
    }

    /// <summary>llama.cpp's use_more_bits: the first and last eighth of the layers, and every third in between.</summary>
    private static bool UseMoreBits(int i, int n) => i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;

    /// <summary>N of "blk.N.", or -1 for tensors outside the blocks.</summary>
    private static int LayerOf(string name)
    {
        if (!name.StartsWith("blk.", StringComparison.Ordinal)) return -1;
        var end = name.IndexOf('.', 4);
        return end > 4 && int.TryParse(name.AsSpan(4, end - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var layer) ? layer : -1;
    }
}
