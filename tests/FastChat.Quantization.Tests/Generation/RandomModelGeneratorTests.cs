using System.Security.Cryptography;
using FastChat.Engine.Tokenization;
using FastChat.Gguf;
using FastChat.Quantization.Generation;
using NativeQuantization = FastChat.Native.Kernels.Quantization;

namespace FastChat.Quantization.Tests.Generation;

public class RandomModelGeneratorTests
{
    /// <summary>Qwen2's features (biases, tied embeddings, GQA) at test size.</summary>
    private static readonly ModelPreset TinyQwen = new("tiny-qwen", "qwen2", 128, 256, 2, 4, 2, 600, 512,
        RopeFreqBase: 1e6f, RmsNormEpsilon: 1e-6f, AttentionBiases: true, TiedEmbeddings: true);

    private static byte[] Generate(GenerationOptions options)
    {
        using var stream = new MemoryStream();
        RandomModelGenerator.WriteTo(options, stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.F16)]
    [InlineData(GgmlType.F32)]
    public void The_tiny_preset_opens_with_llama_cpp_keys_names_shapes_and_types(GgmlType type)
    {
        var preset = ModelPresets.Tiny;
        using var file = GgufFile.FromBytes(Generate(new GenerationOptions { Preset = preset, Type = type, Seed = 1 }));
        var hp = file.HyperParameters;
        Assert.Equal("llama", hp.Architecture);
        Assert.Equal((uint)preset.EmbeddingLength, hp.EmbeddingLength);
        Assert.Equal((uint)preset.FeedForwardLength, hp.FeedForwardLength);
        Assert.Equal((uint)preset.BlockCount, hp.BlockCount);
        Assert.Equal((uint)preset.HeadCount, hp.HeadCount);
        Assert.Equal((uint)preset.HeadCountKv, hp.HeadCountKv);
        Assert.Equal((uint)preset.ContextLength, hp.ContextLength);
        Assert.Equal((uint)preset.HeadDimension, hp.RopeDimensionCount);
        Assert.Equal(preset.RopeFreqBase, hp.RopeFreqBase);
        Assert.Equal(preset.RmsNormEpsilon, hp.RmsNormEpsilon);
        Assert.Equal(WeightTypes.FileType(type), hp.FileType);

        var expectedNames = new List<string> { "token_embd.weight" };
        for (var b = 0; b < preset.BlockCount; b++)
            expectedNames.AddRange(new[] { "attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down" }
                .Select(n => $"blk.{b}.{n}.weight"));
        expectedNames.AddRange(["output_norm.weight", "output.weight"]);
        Assert.Equal(expectedNames, file.Tensors.Select(t => t.Name));

        long d = preset.EmbeddingLength, f = preset.FeedForwardLength, kv = preset.KvDimension, v = preset.VocabSize;
        Assert.Equal([d, v], file.GetTensor("token_embd.weight").Dimensions);
        Assert.Equal([d, kv], file.GetTensor("blk.1.attn_k.weight").Dimensions);
        Assert.Equal([d, f], file.GetTensor("blk.0.ffn_up.weight").Dimensions);
        Assert.Equal([f, d], file.GetTensor("blk.0.ffn_down.weight").Dimensions);
        Assert.Equal([d, v], file.GetTensor("output.weight").Dimensions);
        Assert.All(file.Tensors, t => Assert.Equal(t.Dimensions.Count == 1 ? GgmlType.F32 : type, t.Type));
        Assert.Equal(preset.ParameterCount, file.Tensors.Sum(t => t.ElementCount));
    }

    [Fact]
    public void Weights_have_the_requested_spread_and_norms_are_one()
    {
        using var file = GgufFile.FromBytes(Generate(new GenerationOptions { Preset = ModelPresets.Tiny, Type = GgmlType.F32, Seed = 3 }));
        var norm = NativeQuantization.Dequantize(GgmlType.F32, file.GetTensorData(file.GetTensor("blk.0.ffn_norm.weight")));
        Assert.All(norm, x => Assert.Equal(1f, x));
        var weights = NativeQuantization.Dequantize(GgmlType.F32, file.GetTensorData(file.GetTensor("token_embd.weight")));
        var mean = weights.Average(x => (double)x);
        var std = Math.Sqrt(weights.Average(x => (x - mean) * (x - mean)));
        // 32768 values: the mean's σ is 0.02/181 ≈ 1.1e-4 and the std's relative σ ≈ 0.4%.
        Assert.InRange(mean, -6e-4, 6e-4);
        Assert.InRange(std, 0.02 * 0.98, 0.02 * 1.02);
        Assert.InRange(weights.Max(), 0.04f, 0.0693f); // Irwin–Hall: bounded at 2√3·σ
        Assert.True(weights.Distinct().Count() > weights.Length / 2, "values should not repeat much");
    }

    [Fact]
    public void Quantized_weights_decode_to_the_same_spread()
    {
        using var file = GgufFile.FromBytes(Generate(new GenerationOptions { Preset = ModelPresets.Tiny, Type = GgmlType.Q4_0, Seed = 3 }));
        var tensor = file.GetTensor("blk.0.ffn_gate.weight");
        var weights = NativeQuantization.Dequantize(tensor.Type, file.GetTensorData(tensor));
        var std = Math.Sqrt(weights.Average(x => (double)x * x));
        Assert.InRange(std, 0.02 * 0.9, 0.02 * 1.1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_whatever_the_thread_count()
    {
        var options = new GenerationOptions { Preset = ModelPresets.Tiny, Type = GgmlType.Q4_0, Seed = 7 };
        var a = Generate(options with { Threads = 1 });
        var b = Generate(options with { Threads = 4 });
        var c = Generate(options with { Seed = 8 });
        Assert.Equal(SHA256.HashData(a), SHA256.HashData(b));
        Assert.NotEqual(SHA256.HashData(a), SHA256.HashData(c));
        Assert.Equal(a.Length, c.Length);
    }

    [Fact]
    public void The_model_s_own_tokenizer_loads_and_round_trips()
    {
        using var file = GgufFile.FromBytes(Generate(new GenerationOptions { Preset = ModelPresets.Tiny, Seed = 1 }));
        var tokenizer = TokenizerFactory.Create(file);
        Assert.Equal(ModelPresets.Tiny.VocabSize, tokenizer.VocabularySize);
        const string text = "Once upon a time, a model with random weights said: ¿qué? 😀";
        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text, addSpecialTokens: false)));
        Assert.Equal("llama", file.Tokenizer!.Model);
    }

    [Fact]
    public void Qwen2_shapes_have_attention_biases_and_tied_embeddings()
    {
        using var file = GgufFile.FromBytes(Generate(new GenerationOptions { Preset = TinyQwen, Type = GgmlType.Q8_0, Seed = 1 }));
        Assert.Equal("qwen2", file.HyperParameters.Architecture);
        Assert.Equal(128u, file.Metadata.GetUInt32OrNull("qwen2.embedding_length"));
        Assert.False(file.TryGetTensor("output.weight", out _));
        Assert.Equal([128L], file.GetTensor("blk.1.attn_q.bias").Dimensions);
        Assert.Equal([(long)TinyQwen.KvDimension], file.GetTensor("blk.1.attn_v.bias").Dimensions);
        Assert.Equal(GgmlType.F32, file.GetTensor("blk.0.attn_k.bias").Type);
        Assert.Equal(TinyQwen.ParameterCount, file.Tensors.Sum(t => t.ElementCount));
    }

    [Fact]
    public void K_quants_fall_back_like_llama_cpp_when_rows_are_not_whole_super_blocks()
    {
        using var directory = new TempDirectory();
        var result = RandomModelGenerator.Write(new GenerationOptions { Preset = ModelPresets.Tiny, Type = GgmlType.Q4_K, Seed = 1 }, directory.File("m.gguf"));
        using var file = GgufFile.Open(result.Path);
        // Rows of 64 and 192 are not multiples of 256: Q4_K → Q5_0.
        Assert.All(file.Tensors.Where(t => t.Dimensions.Count == 2), t => Assert.Equal(GgmlType.Q5_0, t.Type));
        Assert.NotEmpty(result.Fallbacks);

        var wide = ModelPresets.Tiny with { Name = "wide", EmbeddingLength = 256, FeedForwardLength = 512, HeadCount = 4, HeadCountKv = 4 };
        var plan = RandomModelGenerator.Plan(new GenerationOptions { Preset = wide, Type = GgmlType.Q4_K });
        Assert.All(plan.Tensors.Where(t => t.Dimensions.Count == 2), t => Assert.Equal(GgmlType.Q4_K, t.Type));
    }

    [Fact]
    public void The_tinyllama_plan_has_the_real_model_s_size()
    {
        var plan = RandomModelGenerator.Plan(new GenerationOptions { Preset = ModelPresets.TinyLlama, Type = GgmlType.Q4_0 });
        Assert.Equal(1 + 22 * 9 + 2, plan.Tensors.Count);
        var parameters = plan.Tensors.Sum(t => t.ElementCount);
        Assert.Equal(1_100_048_384L, parameters); // TinyLlama-1.1B's parameter count
        Assert.Equal(parameters - 45 * 2048L, plan.Tensors.Where(t => t.Type == GgmlType.Q4_0).Sum(t => t.ElementCount));
    }

    [Fact]
    public void Progress_reaches_every_byte_in_order()
    {
        var reports = new List<GenerationProgress>();
        RandomModelGenerator.WriteTo(new GenerationOptions { Preset = ModelPresets.Tiny, Seed = 1 }, Stream.Null, new InlineProgress(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(reports.Select(r => r.BytesDone).Order(), reports.Select(r => r.BytesDone));
        Assert.Equal(reports[^1].BytesTotal, reports[^1].BytesDone);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal("output.weight", reports[^1].TensorName);
    }

    [Fact]
    public void Bad_settings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ModelPresets.Get("gpt-5"));
        Assert.Throws<ArgumentException>(() => WeightTypes.Parse("Q3_K"));
        Assert.Equal(GgmlType.Q4_K, WeightTypes.Parse("q4_k"));
        var odd = ModelPresets.Tiny with { HeadCount = 3 };
        Assert.Throws<ArgumentException>(() => RandomModelGenerator.Plan(new GenerationOptions { Preset = odd }));
        Assert.Throws<ArgumentException>(() => RandomModelGenerator.Plan(new GenerationOptions { Preset = ModelPresets.Tiny, Type = GgmlType.Q8_K }));
    }

    private sealed class InlineProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
