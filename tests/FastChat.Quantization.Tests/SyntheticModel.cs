using FastChat.Gguf;
using QuantKernels = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Tests;

/// <summary>
/// Small GGUF models with seeded Gaussian weights, for shapes the shared models lack (rows that are whole
/// k-quant super-blocks, qwen2 biases). The vocabulary is copied from a shared GGUF file.
/// </summary>
internal static class SyntheticModel
{
    public sealed record Shape(string Architecture, int Dim, int Ffn, int Layers, int Heads, int KvHeads, bool QkvBias = false, bool TiedOutput = false);

    public static void Write(string path, Shape shape, string vocabularyGguf, GgmlType weightType, int seed = 1)
    {
        using var vocab = GgufFile.Open(vocabularyGguf);
        var arch = shape.Architecture;
        var metadata = new GgufMetadata();
        metadata.Set(GgufKeys.Architecture, GgufValue.String(arch));
        metadata.Set(GgufKeys.Name, GgufValue.String("synthetic"));
        metadata.Set(GgufKeys.ContextLength(arch), GgufValue.UInt32(512));
        metadata.Set(GgufKeys.EmbeddingLength(arch), GgufValue.UInt32((uint)shape.Dim));
        metadata.Set(GgufKeys.FeedForwardLength(arch), GgufValue.UInt32((uint)shape.Ffn));
        metadata.Set(GgufKeys.HeadCount(arch), GgufValue.UInt32((uint)shape.Heads));
        metadata.Set(GgufKeys.HeadCountKv(arch), GgufValue.UInt32((uint)shape.KvHeads));
        metadata.Set(GgufKeys.BlockCount(arch), GgufValue.UInt32((uint)shape.Layers));
        metadata.Set(GgufKeys.RopeDimensionCount(arch), GgufValue.UInt32((uint)(shape.Dim / shape.Heads)));
        metadata.Set(GgufKeys.RmsNormEpsilon(arch), GgufValue.Float32(1e-6f));
        metadata.Set(GgufKeys.RopeFreqBase(arch), GgufValue.Float32(1000000f));
        foreach (var (key, value) in vocab.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal)))
            metadata.Set(key, value);
        var vocabSize = vocab.Metadata.GetArray(GgufKeys.Tokens).Count;

        var random = new Random(seed);
        var writer = new GgufWriter(metadata);
        void Add(string name, params long[] dims)
        {
            var type = dims.Length == 1 ? GgmlType.F32 : weightType;
            var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < values.Length; i++) values[i] = Gaussian(random) * (dims.Length == 1 ? 0.1f : 0.02f) + (dims.Length == 1 ? 1f : 0f);
            writer.AddTensor(name, type, dims, QuantKernels.Quantize(type, values));
        }
        long headDim = shape.Dim / shape.Heads, kv = headDim * shape.KvHeads;
        Add("token_embd.weight", shape.Dim, vocabSize);
        for (var b = 0; b < shape.Layers; b++)
        {
            Add($"blk.{b}.attn_norm.weight", shape.Dim);
            Add($"blk.{b}.attn_q.weight", shape.Dim, shape.Dim);
            Add($"blk.{b}.attn_k.weight", shape.Dim, kv);
            Add($"blk.{b}.attn_v.weight", shape.Dim, kv);
            if (shape.QkvBias)
            {
                Add($"blk.{b}.attn_q.bias", shape.Dim);
                Add($"blk.{b}.attn_k.bias", kv);
                Add($"blk.{b}.attn_v.bias", kv);
            }
            Add($"blk.{b}.attn_output.weight", shape.Dim, shape.Dim);
            Add($"blk.{b}.ffn_norm.weight", shape.Dim);
            Add($"blk.{b}.ffn_gate.weight", shape.Dim, shape.Ffn);
            Add($"blk.{b}.ffn_up.weight", shape.Dim, shape.Ffn);
            Add($"blk.{b}.ffn_down.weight", shape.Ffn, shape.Dim);
        }
        Add("output_norm.weight", shape.Dim);
        if (!shape.TiedOutput) Add("output.weight", shape.Dim, vocabSize);
        writer.WriteFile(path);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
