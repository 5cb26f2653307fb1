namespace FastChat.Quantization.Generation;

/// <summary>
/// The shape of a real model (or a tiny test model): what `fastchat gen-model` needs to write a file that loads and
/// runs like that model, with random weights.
/// </summary>
/// <param name="Name">the preset's name on the command line</param>
/// <param name="Architecture">general.architecture (llama, qwen2)</param>
/// <param name="EmbeddingLength">model dimension</param>
/// <param name="FeedForwardLength">hidden size of the SwiGLU feed-forward block</param>
/// <param name="BlockCount">transformer layers</param>
/// <param name="HeadCount">attention (query) heads</param>
/// <param name="HeadCountKv">key/value heads (fewer than HeadCount for grouped-query attention)</param>
/// <param name="VocabSize">tokens in the synthesized vocabulary</param>
/// <param name="ContextLength">training context length</param>
/// <param name="RopeFreqBase">RoPE θ</param>
/// <param name="RmsNormEpsilon">RMSNorm ε</param>
/// <param name="AttentionBiases">whether attn_q/attn_k/attn_v have biases (Qwen2)</param>
/// <param name="TiedEmbeddings">no output.weight: the output projection reuses token_embd (llama.cpp does the same)</param>
public sealed record ModelPreset(
    string Name,
    string Architecture,
    int EmbeddingLength,
    int FeedForwardLength,
    int BlockCount,
    int HeadCount,
    int HeadCountKv,
    int VocabSize,
    int ContextLength,
    float RopeFreqBase = 10000f,
    float RmsNormEpsilon = 1e-5f,
    bool AttentionBiases = false,
    bool TiedEmbeddings = false)
{
    public int HeadDimension => EmbeddingLength / HeadCount;

    public int KvDimension => HeadDimension * HeadCountKv;

    /// <summary>Weights (elements) in all tensors.</summary>
    public long ParameterCount
    {
        get
        {
            long d = EmbeddingLength, f = FeedForwardLength, kv = KvDimension;
            var perBlock = 2 * d + d * d * 2 + 2 * d * kv + 3 * d * f + (AttentionBiases ? d + 2 * kv : 0);
            return VocabSize * d * (TiedEmbeddings ? 1 : 2) + d + BlockCount * perBlock;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the shape is inconsistent.</summary>
    public void Validate()
    {
        if (EmbeddingLength <= 0 || FeedForwardLength <= 0 || BlockCount <= 0 || HeadCount <= 0 || HeadCountKv <= 0 || ContextLength <= 0)
            throw new ArgumentException($"Preset '{Name}': every dimension must be positive.");
        if (EmbeddingLength % HeadCount != 0)
            throw new ArgumentException($"Preset '{Name}': embedding length {EmbeddingLength} is not a multiple of {HeadCount} heads.");
        if (HeadCount % HeadCountKv != 0)
            throw new ArgumentException($"Preset '{Name}': {HeadCount} heads are not a multiple of {HeadCountKv} key/value heads.");
        if (HeadDimension % 2 != 0)
            throw new ArgumentException($"Preset '{Name}': RoPE needs an even head dimension, not {HeadDimension}.");
        if (VocabSize < SyntheticVocabulary.MinimumSize)
            throw new ArgumentException($"Preset '{Name}': the vocabulary needs at least {SyntheticVocabulary.MinimumSize} tokens (special, byte and single-character pieces).");
    }
}
