using System.Globalization;
using System.Text.Json;
using FastChat.Gguf;
using FastChat.Quantization.Conversion;
using FastChat.Quantization.Tokenizers;

namespace FastChat.Quantization.Export;

/// <summary>Writes the config.json of an exported model from GGUF hyper-parameters (the keys <see cref="HfModelConfig"/> reads).</summary>
internal static class HfConfigWriter
{
    public static void Write(Utf8JsonWriter json, ModelHyperParameters hp, HfArchitecture architecture, GgufVocabulary vocabulary, bool hasOutput, GgmlType dtype)
    {
        json.WriteStartObject();
        json.WriteStartArray("architectures");
        json.WriteStringValue(architecture.ClassName);
        json.WriteEndArray();
        json.WriteString("model_type", architecture.ModelType);
        if (hp.Name is not null) json.WriteString("_name_or_path", hp.Name);
        json.WriteNumber("hidden_size", hp.EmbeddingLength!.Value);
        json.WriteNumber("intermediate_size", hp.FeedForwardLength!.Value);
        json.WriteNumber("num_hidden_layers", hp.BlockCount!.Value);
        json.WriteNumber("num_attention_heads", hp.HeadCount!.Value);
        json.WriteNumber("num_key_value_heads", hp.EffectiveHeadCountKv!.Value);
        if (hp.KeyLength is { } headDim) json.WriteNumber("head_dim", headDim);
        json.WriteNumber("max_position_embeddings", hp.ContextLength ?? 2048);
        json.WriteNumber("rms_norm_eps", Shortest(hp.RmsNormEpsilon ?? 1e-5f));
        if (hp.RopeFreqBase is { } theta) json.WriteNumber("rope_theta", Shortest(theta));
        if (hp.RopeScalingType is { } scaling and not "none")
        {
            json.WriteStartObject("rope_scaling");
            json.WriteString("rope_type", scaling);
            json.WriteNumber("factor", Shortest(hp.RopeScalingFactor ?? 1f));
            if (hp.RopeScalingOriginalContextLength is { } original) json.WriteNumber("original_max_position_embeddings", original);
            json.WriteEndObject();
        }
        json.WriteNumber("vocab_size", vocabulary.Tokens.Count);
        json.WriteBoolean("tie_word_embeddings", !hasOutput);
        foreach (var role in new[] { "bos", "eos", "pad" })
            if (vocabulary.SpecialIds.TryGetValue(role, out var id)) json.WriteNumber(role + "_token_id", id);
        json.WriteString("hidden_act", "silu");
        json.WriteString("torch_dtype", dtype switch { GgmlType.F16 => "float16", GgmlType.BF16 => "bfloat16", _ => "float32" });
        json.WriteEndObject();
    }

    /// <summary>The float as the shortest decimal that reads back to the same float (1e-05, not 9.999999747378752e-06).</summary>
    private static double Shortest(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
