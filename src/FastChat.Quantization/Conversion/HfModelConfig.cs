using System.Text.Json;
using FastChat.Gguf;
using FastChat.Quantization.Tokenizers;

namespace FastChat.Quantization.Conversion;

/// <summary>The hyper-parameters of a Hugging Face config.json that conversion needs, checked on read.</summary>
public sealed record HfModelConfig
{
    public required HfArchitecture Architecture { get; init; }
    public required JsonElement Raw { get; init; }
    public string? Name { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int LayerCount { get; init; }
    public required int HeadCount { get; init; }
    public required int KvHeadCount { get; init; }
    public required int HeadDim { get; init; }
    /// <summary>config.json set head_dim explicitly (it may differ from hidden_size / heads).</summary>
    public bool HasExplicitHeadDim { get; init; }
    public required int ContextLength { get; init; }
    public required float RmsNormEpsilon { get; init; }
    public float? RopeTheta { get; init; }
    public int? VocabSize { get; init; }
    public bool TieWordEmbeddings { get; init; }
    public string? RopeScalingType { get; init; }
    public float? RopeScalingFactor { get; init; }
    public int? RopeScalingOriginalContext { get; init; }

    public static HfModelConfig Read(string folder)
    {
        var raw = JsonFile.ReadObjectOrNull(folder, "config.json") ?? throw new ModelConversionException($"{folder} has no config.json");
        if (!raw.TryGetProperty("architectures", out var architectures) || architectures.ValueKind != JsonValueKind.Array
            || architectures.GetArrayLength() == 0 || architectures[0].ValueKind != JsonValueKind.String)
            throw new ModelConversionException("config.json: 'architectures' is missing");
        var architecture = HfArchitecture.FromClassName(architectures[0].GetString()!);
        int Required(string key) => raw.GetInt64OrNull(key) is { } v and > 0 and <= int.MaxValue ? (int)v
            : throw new ModelConversionException($"config.json: '{key}' is missing or not a positive integer");
        var hidden = Required("hidden_size");
        var heads = Required("num_attention_heads");
        var explicitHeadDim = raw.GetInt64OrNull("head_dim") is { } hd and > 0 ? (int)hd : (int?)null;
        if (explicitHeadDim is null && hidden % heads != 0)
            throw new ModelConversionException($"config.json: hidden_size {hidden} is not a multiple of num_attention_heads {heads}");
        var (scalingType, scalingFactor, scalingContext) = ReadRopeScaling(raw);
        return new HfModelConfig
        {
            Architecture = architecture,
            Raw = raw,
            Name = raw.GetStringOrNull("_name_or_path") is { Length: > 0 } n ? n.Split('/', '\\')[^1] : Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')),
            HiddenSize = hidden,
            IntermediateSize = Required("intermediate_size"),
            LayerCount = Required("num_hidden_layers"),
            HeadCount = heads,
            KvHeadCount = raw.GetInt64OrNull("num_key_value_heads") is { } kv ? (int)kv : heads,
            HeadDim = explicitHeadDim ?? hidden / heads,
            HasExplicitHeadDim = explicitHeadDim is not null && explicitHeadDim != hidden / heads,
            ContextLength = Required("max_position_embeddings"),
            RmsNormEpsilon = (float)(raw.GetDoubleOrNull("rms_norm_eps") ?? throw new ModelConversionException("config.json: 'rms_norm_eps' is missing")),
            RopeTheta = raw.GetDoubleOrNull("rope_theta") is { } theta ? (float)theta : null,
            VocabSize = raw.GetInt64OrNull("vocab_size") is { } vocab ? (int)vocab : null,
            TieWordEmbeddings = raw.GetBoolOrNull("tie_word_embeddings") ?? false,
            RopeScalingType = scalingType,
            RopeScalingFactor = scalingFactor,
            RopeScalingOriginalContext = scalingContext,
        };
    }

    /// <summary>The "{arch}.*" hyper-parameter keys llama.cpp writes for this model.</summary>
    public void WriteTo(GgufMetadata metadata)
    {
        var arch = Architecture.GgufName;
        metadata.Set(GgufKeys.ContextLength(arch), GgufValue.UInt32((uint)ContextLength));
        metadata.Set(GgufKeys.EmbeddingLength(arch), GgufValue.UInt32((uint)HiddenSize));
        metadata.Set(GgufKeys.FeedForwardLength(arch), GgufValue.UInt32((uint)IntermediateSize));
        metadata.Set(GgufKeys.HeadCount(arch), GgufValue.UInt32((uint)HeadCount));
        metadata.Set(GgufKeys.HeadCountKv(arch), GgufValue.UInt32((uint)KvHeadCount));
        metadata.Set(GgufKeys.BlockCount(arch), GgufValue.UInt32((uint)LayerCount));
        metadata.Set(GgufKeys.RopeDimensionCount(arch), GgufValue.UInt32((uint)HeadDim));
        metadata.Set(GgufKeys.RmsNormEpsilon(arch), GgufValue.Float32(RmsNormEpsilon));
        if (RopeTheta is { } theta) metadata.Set(GgufKeys.RopeFreqBase(arch), GgufValue.Float32(theta));
        if (HasExplicitHeadDim)
        {
            metadata.Set(GgufKeys.KeyLength(arch), GgufValue.UInt32((uint)HeadDim));
            metadata.Set(GgufKeys.ValueLength(arch), GgufValue.UInt32((uint)HeadDim));
        }
        if (RopeScalingType is { } type)
        {
            metadata.Set(GgufKeys.RopeScalingType(arch), GgufValue.String(type));
            metadata.Set(GgufKeys.RopeScalingFactor(arch), GgufValue.Float32(RopeScalingFactor ?? 1f));
            if (RopeScalingOriginalContext is { } original)
                metadata.Set(GgufKeys.RopeScalingOriginalContextLength(arch), GgufValue.UInt32((uint)original));
        }
    }

    /// <summary>rope_scaling: linear and yarn carry over; "default" or none means none; other kinds are refused by name.</summary>
    private static (string? Type, float? Factor, int? OriginalContext) ReadRopeScaling(JsonElement raw)
    {
        if (!raw.TryGetProperty("rope_scaling", out var scaling) || scaling.ValueKind != JsonValueKind.Object) return (null, null, null);
        var type = scaling.GetStringOrNull("rope_type") ?? scaling.GetStringOrNull("type");
        var factor = scaling.GetDoubleOrNull("factor") is { } f ? (float)f : (float?)null;
        return type switch
        {
            null or "default" => (null, null, null),
            "linear" => ("linear", factor, null),
            "yarn" => ("yarn", factor, (int?)scaling.GetInt64OrNull("original_max_position_embeddings")),
            _ => throw new ModelConversionException($"config.json: rope_scaling type '{type}' is not supported (linear and yarn are)"),
        };
    }
}
