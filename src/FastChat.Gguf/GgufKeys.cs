namespace FastChat.Gguf;

/// <summary>Well-known metadata keys (the GGUF spec's names); per-architecture keys take the architecture name.</summary>
public static class GgufKeys
{
    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string Alignment = "general.alignment";
    public const string FileType = "general.file_type";
    public const string QuantizationVersion = "general.quantization_version";

    public static string ContextLength(string arch) => $"{arch}.context_length";
    public static string EmbeddingLength(string arch) => $"{arch}.embedding_length";
    public static string BlockCount(string arch) => $"{arch}.block_count";
    public static string FeedForwardLength(string arch) => $"{arch}.feed_forward_length";
    public static string VocabSize(string arch) => $"{arch}.vocab_size";
    public static string ExpertCount(string arch) => $"{arch}.expert_count";
    public static string ExpertUsedCount(string arch) => $"{arch}.expert_used_count";
    public static string HeadCount(string arch) => $"{arch}.attention.head_count";
    public static string HeadCountKv(string arch) => $"{arch}.attention.head_count_kv";
    public static string KeyLength(string arch) => $"{arch}.attention.key_length";
    public static string ValueLength(string arch) => $"{arch}.attention.value_length";
    public static string RmsNormEpsilon(string arch) => $"{arch}.attention.layer_norm_rms_epsilon";
    public static string LayerNormEpsilon(string arch) => $"{arch}.attention.layer_norm_epsilon";
    public static string RopeDimensionCount(string arch) => $"{arch}.rope.dimension_count";
    public static string RopeFreqBase(string arch) => $"{arch}.rope.freq_base";
    public static string RopeScalingType(string arch) => $"{arch}.rope.scaling.type";
    public static string RopeScalingFactor(string arch) => $"{arch}.rope.scaling.factor";
    public static string RopeScalingOriginalContextLength(string arch) => $"{arch}.rope.scaling.original_context_length";

    public const string TokenizerModel = "tokenizer.ggml.model";
    public const string TokenizerPre = "tokenizer.ggml.pre";
    public const string Tokens = "tokenizer.ggml.tokens";
    public const string Scores = "tokenizer.ggml.scores";
    public const string TokenTypes = "tokenizer.ggml.token_type";
    public const string Merges = "tokenizer.ggml.merges";
    public const string BosTokenId = "tokenizer.ggml.bos_token_id";
    public const string EosTokenId = "tokenizer.ggml.eos_token_id";
    public const string UnknownTokenId = "tokenizer.ggml.unknown_token_id";
    public const string PaddingTokenId = "tokenizer.ggml.padding_token_id";
    public const string SeparatorTokenId = "tokenizer.ggml.seperator_token_id"; // sic: the spec's spelling
    public const string EotTokenId = "tokenizer.ggml.eot_token_id";
    public const string AddBosToken = "tokenizer.ggml.add_bos_token";
    public const string AddEosToken = "tokenizer.ggml.add_eos_token";
    public const string ChatTemplate = "tokenizer.chat_template";
}
