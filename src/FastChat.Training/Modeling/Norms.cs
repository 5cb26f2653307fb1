using static TorchSharp.torch;

namespace FastChat.Training.Modeling;

/// <summary>RMS normalisation as llama: x / sqrt(mean(x²) + ε) · weight, over the last dimension.</summary>
internal static class Norms
{
    public static Tensor Rms(Tensor x, Tensor weight, float epsilon) =>
        x * x.pow(2).mean([-1L], keepdim: true).add(epsilon).rsqrt() * weight;
}
