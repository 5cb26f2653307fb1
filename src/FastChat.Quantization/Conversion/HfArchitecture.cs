namespace FastChat.Quantization.Conversion;

/// <summary>
/// A Hugging Face model class this project converts, with its GGUF architecture: whether Q/K rows are
/// permuted for ggml's rope (llama and mistral, which llama.cpp runs as "llama"), whether attention has Q/K/V
/// biases (qwen2), and the tokenizer.ggml.pre of its byte-level BPE vocabulary.
/// </summary>
public sealed record HfArchitecture(string ClassName, string ModelType, string GgufName, bool PermuteQueryKey, bool HasQkvBias, string BpePre)
{
    public static readonly HfArchitecture Llama = new("LlamaForCausalLM", "llama", "llama", PermuteQueryKey: true, HasQkvBias: false, "llama-bpe");
    public static readonly HfArchitecture Mistral = new("MistralForCausalLM", "mistral", "llama", PermuteQueryKey: true, HasQkvBias: false, "default");
    public static readonly HfArchitecture Qwen2 = new("Qwen2ForCausalLM", "qwen2", "qwen2", PermuteQueryKey: false, HasQkvBias: true, "qwen2");

    public static IReadOnlyList<HfArchitecture> All { get; } = [Llama, Mistral, Qwen2];

    /// <summary>The architecture of config.json's "architectures" entry.</summary>
    public static HfArchitecture FromClassName(string className) =>
        All.FirstOrDefault(a => a.ClassName == className)
        ?? throw new ModelConversionException($"unsupported architecture '{className}' (supported: {string.Join(", ", All.Select(a => a.ClassName))})");

    /// <summary>The Hugging Face class to export a GGUF architecture as.</summary>
    public static HfArchitecture FromGgufName(string ggufName) =>
        All.FirstOrDefault(a => a.GgufName == ggufName)
        ?? throw new ModelConversionException($"unsupported architecture '{ggufName}' for export (supported: {string.Join(", ", All.Select(a => a.GgufName).Distinct())})");
}
