using System.Text.RegularExpressions;
using FastChat.Gguf;
using QuantKernels = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Quantizing;

/// <summary>
/// `--tensor-type PATTERN=TYPE`: tensors whose name contains a match of the regular expression PATTERN get the
/// ggml type TYPE (as llama-quantize does, the last matching override wins).
/// </summary>
public sealed record TensorTypeOverride(Regex Pattern, GgmlType Type)
{
    /// <summary>Parses "PATTERN=TYPE", e.g. "ffn_down=f16" or "blk\.[0-3]\.attn_v=q8_0".</summary>
    public static TensorTypeOverride Parse(string text)
    {
        var split = text.LastIndexOf('=');
        if (split <= 0 || split == text.Length - 1)
            throw new ArgumentException($"tensor type override '{text}' is not PATTERN=TYPE");
        var typeName = text[(split + 1)..];
        if (!GgmlTypes.TryParse(typeName, out var type) || !QuantKernels.IsSupported(type) || type is GgmlType.Q8_1 or GgmlType.Q8_K)
            throw new ArgumentException($"tensor type override '{text}': '{typeName}' is not a type tensors can be stored in here");
        Regex pattern;
        try
        {
            pattern = new Regex(text[..split], RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"tensor type override '{text}': bad pattern ({e.Message})", e);
        }
        return new TensorTypeOverride(pattern, type);
    }

    public bool Matches(string tensorName) => Pattern.IsMatch(tensorName);

    public override string ToString() => $"{Pattern}={GgmlTypes.GetInfo(Type).Name}";
}
