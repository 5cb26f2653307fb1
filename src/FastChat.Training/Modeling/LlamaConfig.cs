using FastChat.Engine.Models;

namespace FastChat.Training.Modeling;

/// <summary>The hyper-parameters of a llama model in TorchSharp (read from a GGUF's metadata).</summary>
public sealed record LlamaConfig(
    int Dim, int Layers, int Heads, int KvHeads, int HeadDim, int FeedForward, int Vocab, float NormEpsilon, float RopeBase, int RopeDims, int ContextLength)
{
    /// <summary>From the engine's reading of the GGUF (same validation and defaults); only plain llama RoPE is supported.</summary>
    public static LlamaConfig From(ModelConfig config)
    {
        if (config.Rope.NeoX || config.Rope.FreqScale != 1f || config.Rope.ExtFactor > 0)
            throw new NotSupportedException($"{config.Name}: training supports plain (normal-layout, unscaled) RoPE only");
        return new(config.EmbeddingLength, config.BlockCount, config.HeadCount, config.KvHeadCount, config.HeadDim,
            config.FeedForwardLength, config.VocabSize, config.RmsNormEpsilon, config.Rope.FreqBase, config.Rope.Dimensions, config.ContextLength);
    }
}
