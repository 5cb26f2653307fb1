namespace FastChat.Gguf;

/// <summary>
/// The architecture hyper-parameters of a model file, read from the "{arch}.*" keys. Values a file does not
/// define are null; derived values follow the GGUF conventions (head_count_kv defaults to head_count, ...).
/// </summary>
public sealed record ModelHyperParameters
{
    public required string Architecture { get; init; }
    public string? Name { get; init; }
    public uint? FileType { get; init; }
    public uint? ContextLength { get; init; }
    public uint? EmbeddingLength { get; init; }
    public uint? BlockCount { get; init; }
    public uint? FeedForwardLength { get; init; }
    public uint? HeadCount { get; init; }
    public uint? HeadCountKv { get; init; }
    public uint? KeyLength { get; init; }
    public uint? ValueLength { get; init; }
    public float? RmsNormEpsilon { get; init; }
    public float? LayerNormEpsilon { get; init; }
    public uint? RopeDimensionCount { get; init; }
    public float? RopeFreqBase { get; init; }
    public string? RopeScalingType { get; init; }
    public float? RopeScalingFactor { get; init; }
    public uint? RopeScalingOriginalContextLength { get; init; }
    public uint? ExpertCount { get; init; }
    public uint? ExpertUsedCount { get; init; }

    /// <summary>{arch}.vocab_size, else the number of tokenizer tokens.</summary>
    public uint? VocabSize { get; init; }

    /// <summary>Key/value heads; equal to <see cref="HeadCount"/> when the file does not say (no GQA).</summary>
    public uint? EffectiveHeadCountKv => HeadCountKv ?? HeadCount;

    /// <summary>Per-head dimension: key_length when given, else embedding_length / head_count.</summary>
    public uint? HeadDimension => KeyLength ?? (EmbeddingLength is { } e && HeadCount is { } h and > 0 ? e / h : null);

    public static ModelHyperParameters FromMetadata(GgufMetadata metadata)
    {
        var arch = metadata.GetString(GgufKeys.Architecture);
        return new ModelHyperParameters
        {
            Architecture = arch,
            Name = metadata.GetStringOrNull(GgufKeys.Name),
            FileType = metadata.GetUInt32OrNull(GgufKeys.FileType),
            ContextLength = metadata.GetUInt32OrNull(GgufKeys.ContextLength(arch)),
            EmbeddingLength = metadata.GetUInt32OrNull(GgufKeys.EmbeddingLength(arch)),
            BlockCount = metadata.GetUInt32OrNull(GgufKeys.BlockCount(arch)),
            FeedForwardLength = metadata.GetUInt32OrNull(GgufKeys.FeedForwardLength(arch)),
            HeadCount = metadata.GetUInt32OrNull(GgufKeys.HeadCount(arch)),
            HeadCountKv = metadata.GetUInt32OrNull(GgufKeys.HeadCountKv(arch)),
            KeyLength = metadata.GetUInt32OrNull(GgufKeys.KeyLength(arch)),
            ValueLength = metadata.GetUInt32OrNull(GgufKeys.ValueLength(arch)),
            RmsNormEpsilon = metadata.GetSingleOrNull(GgufKeys.RmsNormEpsilon(arch)),
            LayerNormEpsilon = metadata.GetSingleOrNull(GgufKeys.LayerNormEpsilon(arch)),
            RopeDimensionCount = metadata.GetUInt32OrNull(GgufKeys.RopeDimensionCount(arch)),
            RopeFreqBase = metadata.GetSingleOrNull(GgufKeys.RopeFreqBase(arch)),
            RopeScalingType = metadata.GetStringOrNull(GgufKeys.RopeScalingType(arch)),
            RopeScalingFactor = metadata.GetSingleOrNull(GgufKeys.RopeScalingFactor(arch)),
            RopeScalingOriginalContextLength = metadata.GetUInt32OrNull(GgufKeys.RopeScalingOriginalContextLength(arch)),
            ExpertCount = metadata.GetUInt32OrNull(GgufKeys.ExpertCount(arch)),
            ExpertUsedCount = metadata.GetUInt32OrNull(GgufKeys.ExpertUsedCount(arch)),
            VocabSize = metadata.GetUInt32OrNull(GgufKeys.VocabSize(arch))
                        ?? (uint?)metadata.GetArrayOrNull(GgufKeys.Tokens)?.Count,
        };
    }
}
