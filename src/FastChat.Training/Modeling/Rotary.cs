using static TorchSharp.torch;

namespace FastChat.Training.Modeling;

/// <summary>
/// Rotary position embedding in GGUF's llama layout: within the first <c>ropeDims</c> of each head, pairs (2i, 2i+1)
/// rotate by angle pos · base^(-2i/ropeDims); the remaining dimensions pass through.
/// </summary>
internal static class Rotary
{
    /// <summary>cos and sin tables [T, ropeDims/2] for positions 0..T-1.</summary>
    public static (Tensor Cos, Tensor Sin) Tables(LlamaConfig config, long tokens, Device device)
    {
        var half = config.RopeDims / 2;
        var inverse = pow(config.RopeBase, arange(0, half, dtype: ScalarType.Float64, device: device).mul(-2.0 / config.RopeDims)); // [d/2]
        var angles = arange(tokens, dtype: ScalarType.Float64, device: device).outer(inverse);                                        // [T, d/2]
        return (angles.cos().to(ScalarType.Float32), angles.sin().to(ScalarType.Float32));
    }

    /// <summary>x [B, heads, T, d] rotated.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin, int ropeDims)
    {
        var shape = x.shape;
        var rotated = x[.., .., .., ..ropeDims].reshape(shape[0], shape[1], shape[2], ropeDims / 2, 2); // [B, h, T, r/2, 2]
        var even = rotated[.., .., .., .., 0];                                                            // [B, h, T, r/2]
        var odd = rotated[.., .., .., .., 1];
        var outEven = even * cos - odd * sin;
        var outOdd = even * sin + odd * cos;
        var result = stack([outEven, outOdd], dim: -1).reshape(shape[0], shape[1], shape[2], ropeDims);  // [B, h, T, r]
        return ropeDims == shape[3] ? result : cat([result, x[.., .., .., ropeDims..]], dim: -1);
    }
}
