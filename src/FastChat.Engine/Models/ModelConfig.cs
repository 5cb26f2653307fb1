using FastChat.Gguf;
using FastChat.Native.Kernels;

namespace FastChat.Engine.Models;

/// <summary>
/// The hyper-parameters a llama-family forward pass needs, read from a GGUF file's "{arch}.*" keys with
/// llama.cpp's defaults where a key is optional. A required key that is missing is a <see cref="ModelException"/>
/// naming it.
/// </summary>
public sealed record ModelConfig
{
    public required string Architecture { get; init; }
    public required string Name { get; init; }
    public required int EmbeddingLength { get; init; }
    public required int BlockCount { get; init; }
    public required int FeedForwardLength { get; init; }
    public required int HeadCount { get; init; }
    public required int KvHeadCount { get; init; }
    public required int HeadDim { get; init; }
    public required int VocabSize { get; init; }
    public required int ContextLength { get; init; }
    public required float RmsNormEpsilon { get; init; }
    public required RopeParameters Rope { get; init; }

    /// <summary>Query width: HeadCount x HeadDim (equals the embedding length for llama; not for every model).</summary>
    public int QueryLength => HeadCount * HeadDim;

    /// <summary>Key/value width: KvHeadCount x HeadDim.</summary>
    public int KvLength => KvHeadCount * HeadDim;

    /// <summary>Architectures this engine's llama-family forward pass runs.</summary>
    public static IReadOnlyList<string> SupportedArchitectures { get; } = ["llama", "mistral", "qwen2"];

    public static ModelConfig FromGguf(GgufFile file)
    {
        var hp = file.HyperParameters;
        var arch = hp.Architecture;
        var where = file.Path ?? "the GGUF image";
        if (!SupportedArchitectures.Contains(arch))
            throw new ModelException(
                $"Architecture '{arch}' of {where} is not supported; supported: {string.Join(", ", SupportedArchitectures)}.");

        int Required(uint? value, string key) =>
            value is { } v and > 0 and <= int.MaxValue
                ? (int)v
                : throw new ModelException($"{where} lacks a positive '{key}', which the {arch} forward pass needs.");

        var embedding = Required(hp.EmbeddingLength, GgufKeys.EmbeddingLength(arch));
        var heads = Required(hp.HeadCount, GgufKeys.HeadCount(arch));
        var kvHeads = Required(hp.EffectiveHeadCountKv, GgufKeys.HeadCountKv(arch));
        if (heads % kvHeads != 0)
            throw new ModelException($"{where}: {heads} attention heads are not a multiple of {kvHeads} KV heads.");
        var headDim = Required(hp.HeadDimension, GgufKeys.KeyLength(arch));
        var ropeDims = hp.RopeDimensionCount is { } rd ? (int)rd : headDim;
        if (ropeDims > headDim || ropeDims % 2 != 0)
            throw new ModelException($"{where}: rope dimension count {ropeDims} must be even and at most the head size {headDim}.");

        return new ModelConfig
        {
            Architecture = arch,
            Name = hp.Name ?? System.IO.Path.GetFileNameWithoutExtension(file.Path ?? "model"),
            EmbeddingLength = embedding,
            BlockCount = Required(hp.BlockCount, GgufKeys.BlockCount(arch)),
            FeedForwardLength = Required(hp.FeedForwardLength, GgufKeys.FeedForwardLength(arch)),
            HeadCount = heads,
            KvHeadCount = kvHeads,
            HeadDim = headDim,
            VocabSize = Required(hp.VocabSize, GgufKeys.VocabSize(arch)),
            ContextLength = hp.ContextLength is { } c and > 0 ? (int)Math.Min(c, int.MaxValue) : 2048,
            RmsNormEpsilon = hp.RmsNormEpsilon ?? 1e-5f,
            Rope = ReadRope(hp, arch, ropeDims),
        };
    }

    private static RopeParameters ReadRope(ModelHyperParameters hp, string arch, int ropeDims)
    {
        var layout = arch == "qwen2" ? RopeLayout.NeoX : RopeLayout.Normal;
        var rope = new RopeParameters(ropeDims, NeoX: layout == RopeLayout.NeoX, FreqBase: hp.RopeFreqBase ?? 10000f);
        var factor = hp.RopeScalingFactor is { } f and > 0 ? f : 1f;
        return hp.RopeScalingType switch
        {
            null or "none" => rope,
            "linear" => rope with { FreqScale = 1f / factor },
            // YaRN as llama.cpp sets it up: interpolate by 1/factor, extrapolate the high frequencies.
            "yarn" => rope with
            {
                FreqScale = 1f / factor,
                ExtFactor = 1f,
                OriginalContext = (int)(hp.RopeScalingOriginalContextLength ?? hp.ContextLength ?? 0),
            },
            var other => throw new ModelException($"Rope scaling type '{other}' is not supported (none, linear, yarn)."),
        };
    }
}
