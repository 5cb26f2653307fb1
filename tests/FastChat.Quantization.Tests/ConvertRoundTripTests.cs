using FastChat.Engine.Tokenization;
using FastChat.Gguf;
using FastChat.Quantization.Conversion;
using FastChat.Quantization.Export;
using FastChat.Quantization.Quantizing;
using FastChat.Quantization.Safetensors;
using FastChat.Quantization.Tokenizers;
using FastChat.Tests;

namespace FastChat.Quantization.Tests;

/// <summary>GGUF -> Hugging Face folder -> GGUF gives back the same tensors, hyper-parameters and vocabulary.</summary>
public sealed class ConvertRoundTripTests
{
    private static void AssertSameVocabulary(GgufFile expected, GgufFile actual, bool samePre = true)
    {
        var e = GgufVocabulary.FromMetadata(expected.Metadata);
        var a = GgufVocabulary.FromMetadata(actual.Metadata);
        Assert.Equal(e.Model, a.Model);
        Assert.Equal(e.Tokens, a.Tokens);
        Assert.Equal(e.TokenTypes, a.TokenTypes);
        Assert.Equal(e.Scores, a.Scores);
        Assert.Equal(e.Merges, a.Merges);
        Assert.Equal(e.SpecialIds.OrderBy(p => p.Key), a.SpecialIds.OrderBy(p => p.Key));
        Assert.Equal(e.AddBos, a.AddBos);
        Assert.Equal(e.AddEos, a.AddEos);
        Assert.Equal(e.ChatTemplate, a.ChatTemplate);
        if (samePre) Assert.Equal(e.Pre ?? "default", a.Pre);
    }

    private static void AssertSameHyperParameters(GgufFile expected, GgufFile actual)
    {
        var arch = expected.Metadata.GetString(GgufKeys.Architecture);
        Assert.Equal(arch, actual.Metadata.GetString(GgufKeys.Architecture));
        foreach (var key in expected.Metadata.Keys.Where(k => k.StartsWith(arch + ".", StringComparison.Ordinal)))
            GgufAssert.SameValue(expected.Metadata, actual.Metadata, key);
    }

    [Theory]
    [InlineData("stories260K.gguf")]
    [InlineData("llama-2-tiny-random.gguf")]
    public void ExportThenConvertGivesIdenticalTensorsAndVocabulary(string model)
    {
        using var temp = new TempDirectory();
        var folder = temp.File("hf");
        GgufExporter.Export(SharedData.Model(model), folder, new ExportOptions());
        Assert.True(File.Exists(Path.Combine(folder, "tokenizer.model")));
        var result = HfConverter.Convert(folder, temp.File("back.gguf"), new ConvertOptions());

        using var original = GgufFile.Open(SharedData.Model(model));
        using var converted = GgufFile.Open(result.OutputPath);
        GgufAssert.TensorsIdentical(original, converted);
        AssertSameHyperParameters(original, converted);
        AssertSameVocabulary(original, converted);
        GgufAssert.SameValue(original.Metadata, converted.Metadata, GgufKeys.Name);

        const string text = "Once upon a time, a little girl named Lily saw a big dog. 123 <s> ünïcödé";
        var before = TokenizerFactory.Create(original).Encode(text, addSpecialTokens: true, parseSpecial: true);
        var after = TokenizerFactory.Create(converted).Encode(text, addSpecialTokens: true, parseSpecial: true);
        Assert.Equal(before, after);
    }

    [Fact]
    public void ExportUndoesTheRopePermutationOfQueryAndKeyRows()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("hf");
        GgufExporter.Export(SharedData.Model("stories260K.gguf"), folder, new ExportOptions());
        using var gguf = GgufFile.Open(SharedData.Model("stories260K.gguf"));
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        // stories260K: 8 heads / 4 kv heads of 8 rows, 64 columns; GGUF row h*8 + 2j + i is HF row h*8 + 4i + j.
        foreach (var (gguName, hfName) in new[] { ("blk.2.attn_q.weight", "model.layers.2.self_attn.q_proj.weight"), ("blk.2.attn_k.weight", "model.layers.2.self_attn.k_proj.weight") })
        {
            var ggufRows = Rows(gguf.GetTensorData(gguf.GetTensor(gguName)), 64);
            var hfRows = Rows(HfBytes(checkpoint.Tensors[hfName]), 64);
            Assert.Equal(ggufRows.Length, hfRows.Length);
            for (var h = 0; h < ggufRows.Length / 8; h++)
                for (var j = 0; j < 4; j++)
                    for (var i = 0; i < 2; i++)
                        Assert.Equal(ggufRows[h * 8 + 2 * j + i], hfRows[h * 8 + 4 * i + j]);
        }
        // V is not permuted.
        Assert.Equal(gguf.GetTensorData(gguf.GetTensor("blk.2.attn_v.weight")).ToArray(), HfBytes(checkpoint.Tensors["model.layers.2.self_attn.v_proj.weight"]));
    }

    [Fact]
    public void AShardedCheckpointConvertsLikeASingleFile()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("hf");
        var files = GgufExporter.Export(SharedData.Model("stories260K.gguf"), folder, new ExportOptions { MaxShardBytes = 200_000 });
        Assert.Contains(SafetensorsCheckpoint.IndexFileName, files);
        Assert.True(Directory.GetFiles(folder, "model-*-of-*.safetensors").Length > 3);
        var result = HfConverter.Convert(folder, temp.File("back.gguf"), new ConvertOptions());
        using var original = GgufFile.Open(SharedData.Model("stories260K.gguf"));
        using var converted = GgufFile.Open(result.OutputPath);
        GgufAssert.TensorsIdentical(original, converted);
    }

    [Fact]
    public void ConvertingToQ8_0EqualsQuantizingTheConvertedModel()
    {
        using var temp = new TempDirectory();
        var folder = temp.File("hf");
        GgufExporter.Export(SharedData.Model("stories260K.gguf"), folder, new ExportOptions());
        HfConverter.Convert(folder, temp.File("q8.gguf"), new ConvertOptions { Type = QuantizationType.Q8_0 });
        using var expected = GgufFile.Open(SharedData.Model("stories260K-mix-q8_0.gguf"));
        using var converted = GgufFile.Open(temp.File("q8.gguf"));
        GgufAssert.TensorsIdentical(expected, converted);
        Assert.Equal(7u, converted.Metadata.GetUInt32(GgufKeys.FileType));
    }

    [Fact]
    public void Qwen2WithBiasesAndAByteLevelBpeVocabularyRoundTrips()
    {
        using var temp = new TempDirectory();
        var source = temp.File("qwen2.gguf");
        var vocabulary = SharedData.Path("tokenizer", "ggml-vocab-gpt-2.gguf");
        SyntheticModel.Write(source, new SyntheticModel.Shape("qwen2", Dim: 64, Ffn: 128, Layers: 2, Heads: 4, KvHeads: 2, QkvBias: true, TiedOutput: true), vocabulary, GgmlType.F16);
        var folder = temp.File("hf");
        GgufExporter.Export(source, folder, new ExportOptions());
        Assert.True(File.Exists(Path.Combine(folder, "tokenizer.json")));
        Assert.False(File.Exists(Path.Combine(folder, "tokenizer.model")));
        using (var checkpoint = SafetensorsCheckpoint.Open(folder))
        using (var gguf = GgufFile.Open(source))
        {
            Assert.False(checkpoint.Tensors.ContainsKey("lm_head.weight"));
            Assert.Equal("F16", checkpoint.Tensors["model.layers.1.self_attn.q_proj.weight"].DType);
            // qwen2 uses NEOX rope: no permutation.
            Assert.Equal(gguf.GetTensorData(gguf.GetTensor("blk.1.attn_q.weight")).ToArray(), HfBytes(checkpoint.Tensors["model.layers.1.self_attn.q_proj.weight"]));
        }
        var result = HfConverter.Convert(folder, temp.File("back.gguf"), new ConvertOptions());
        using var original = GgufFile.Open(source);
        using var converted = GgufFile.Open(result.OutputPath);
        GgufAssert.TensorsIdentical(original, converted);
        AssertSameHyperParameters(original, converted);
        AssertSameVocabulary(original, converted, samePre: false);
        Assert.Equal("qwen2", converted.Metadata.GetString(GgufKeys.TokenizerPre));
        Assert.Equal(1u, converted.Metadata.GetUInt32(GgufKeys.FileType));
    }

    private static byte[] HfBytes(SafetensorsTensor tensor)
    {
        unsafe
        {
            return new ReadOnlySpan<byte>((void*)tensor.Pointer, (int)tensor.ByteSize).ToArray();
        }
    }

    private static float[][] Rows(ReadOnlySpan<byte> bytes, int columns)
    {
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        return Enumerable.Range(0, floats.Length / columns).Select(r => floats.AsSpan(r * columns, columns).ToArray()).ToArray();
    }
}
