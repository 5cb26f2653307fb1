namespace FastChat.Quantization.Generation;

/// <summary>The shapes `fastchat gen-model --preset` knows (hyper-parameters from each model's config.json).</summary>
public static class ModelPresets
{
    /// <summary>A few-hundred-KB model for tests: 2 layers, grouped-query attention, 512 tokens.</summary>
    public static readonly ModelPreset Tiny = new("tiny", "llama", 64, 192, 2, 4, 2, 512, 256);

    /// <summary>Karpathy's llama2.c stories15M.</summary>
    public static readonly ModelPreset Stories15M = new("stories15m", "llama", 288, 768, 6, 6, 6, 32000, 256);

    /// <summary>Karpathy's llama2.c stories110M.</summary>
    public static readonly ModelPreset Stories110M = new("stories110m", "llama", 768, 2048, 12, 12, 12, 32000, 1024);

    /// <summary>TinyLlama-1.1B (Llama-2 architecture, grouped-query attention).</summary>
    public static readonly ModelPreset TinyLlama = new("tinyllama-1.1b", "llama", 2048, 5632, 22, 32, 4, 32000, 2048);

    /// <summary>Llama-2-7B.</summary>
    public static readonly ModelPreset Llama7B = new("llama-7b", "llama", 4096, 11008, 32, 32, 32, 32000, 4096);

    /// <summary>Mistral-7B-v0.1 (llama architecture in GGUF; 8 key/value heads, θ = 10^6 as in v0.2+).</summary>
    public static readonly ModelPreset Mistral7B = new("mistral-7b", "llama", 4096, 14336, 32, 32, 8, 32000, 32768, RopeFreqBase: 1e6f);

    /// <summary>Qwen2-0.5B: q/k/v biases, tied embeddings, 151936-token vocabulary (synthesized here as an SPM one).</summary>
    public static readonly ModelPreset Qwen2_0_5B = new("qwen2-0.5b", "qwen2", 896, 4864, 24, 14, 2, 151936, 32768,
        RopeFreqBase: 1e6f, RmsNormEpsilon: 1e-6f, AttentionBiases: true, TiedEmbeddings: true);

    public static IReadOnlyList<ModelPreset> All { get; } = [Tiny, Stories15M, Stories110M, TinyLlama, Llama7B, Mistral7B, Qwen2_0_5B];

    /// <summary>The preset named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">no such preset; the message lists them.</exception>
    public static ModelPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown preset '{name}'; use one of {string.Join(", ", All.Select(p => p.Name))}", nameof(name));
}
