using FastChat.Engine.Models;
using FastChat.Gguf;
using FastChat.Tests;

namespace FastChat.Engine.Tests.Models;

/// <summary>Loading real GGUFs, and every kind of bad file giving an error that names the problem.</summary>
public sealed class ModelLoadTests
{
    [Fact]
    public void Stories260KReadsEveryHyperParameter()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K);
        var c = model.Config;
        Assert.Equal(("llama", 64, 5, 172, 8, 4, 8, 512, 2048), (c.Architecture, c.EmbeddingLength, c.BlockCount, c.FeedForwardLength,
                                                               c.HeadCount, c.KvHeadCount, c.HeadDim, c.VocabSize, c.ContextLength));
        Assert.Equal(1e-5f, c.RmsNormEpsilon);
        Assert.False(c.Rope.NeoX);
        Assert.Equal(10000f, c.Rope.FreqBase);
        Assert.Equal(new FileInfo(ModelFiles.Stories260K).Length, model.MappedBytes);
    }

    [Fact]
    public void ContextOptionCapsTheCache()
    {
        using var model = LlamaModel.Load(ModelFiles.Stories260K, new ModelOptions { ContextLength = 100 });
        Assert.Equal(100, model.Config.ContextLength);
        Assert.Equal(100, model.CreateCache().MaxLength);
    }

    [Fact]
    public void Llama2TinyRandomLoadsAndGenerates()
    {
        using var model = LlamaModel.Load(SharedData.Model("llama-2-tiny-random.gguf"));
        Assert.Equal(32000, model.Config.VocabSize);
        var prompt = model.Tokenizer.Encode("Hello world");
        var steps = GreedyDecoding.Run(model, prompt, 8);
        Assert.All(steps, s => Assert.InRange(s.Token, 0, 31999));
        Assert.All(steps, s => Assert.All(s.Logits, l => Assert.True(float.IsFinite(l))));
    }

    [Fact]
    public void UnsupportedArchitectureIsNamed()
    {
        using var file = ModelFiles.Variant((source, writer) =>
        {
            writer.Metadata.Set(GgufKeys.Architecture, GgufValue.String("mamba"));
            ModelFiles.CopyTensors(source, writer);
        });
        var e = Assert.Throws<ModelException>(() => LlamaModel.Load(file.Path));
        Assert.Contains("'mamba'", e.Message);
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        using var file = ModelFiles.Variant((source, writer) => ModelFiles.CopyTensors(source, writer, t => t.Name == "blk.3.ffn_up.weight"));
        var e = Assert.Throws<ModelException>(() => LlamaModel.Load(file.Path));
        Assert.Contains("'blk.3.ffn_up.weight' is missing", e.Message);
    }

    [Fact]
    public void MisshapenTensorIsNamed()
    {
        using var file = ModelFiles.Variant((source, writer) => ModelFiles.CopyTensors(source, writer, t =>
        {
            if (t.Name != "blk.1.attn_k.weight") return false;
            writer.AddTensor(t.Name, t.Type, [64, 64], GgufWriter.WriteZeros); // should be [64, 32]
            return true;
        }));
        var e = Assert.Throws<ModelException>(() => LlamaModel.Load(file.Path));
        Assert.Contains("'blk.1.attn_k.weight'", e.Message);
        Assert.Contains("[64, 32]", e.Message);
    }

    [Fact]
    public void TensorTypeWithoutKernelsIsNamed()
    {
        using var file = ModelFiles.Variant((source, writer) => ModelFiles.CopyTensors(source, writer, t =>
        {
            if (t.Name != "blk.0.attn_q.weight") return false;
            writer.AddTensor(t.Name, GgmlType.I32, t.Dimensions, GgufWriter.WriteZeros);
            return true;
        }));
        var e = Assert.Throws<ModelException>(() => LlamaModel.Load(file.Path));
        Assert.Contains("'blk.0.attn_q.weight'", e.Message);
        Assert.Contains("I32", e.Message);
    }

    [Fact]
    public void MissingHyperParameterIsNamed()
    {
        using var file = ModelFiles.Variant((source, writer) =>
        {
            writer.Metadata.Remove("llama.block_count");
            ModelFiles.CopyTensors(source, writer);
        });
        var e = Assert.Throws<ModelException>(() => LlamaModel.Load(file.Path));
        Assert.Contains("llama.block_count", e.Message);
    }

    [Fact]
    public void TruncatedFileIsAFormatError()
    {
        using var file = new TempFile();
        var bytes = File.ReadAllBytes(ModelFiles.Stories260K);
        File.WriteAllBytes(file.Path, bytes[..(bytes.Length / 2)]);
        Assert.Throws<GgufFormatException>(() => LlamaModel.Load(file.Path));
    }

    [Fact]
    public void Q8_0CacheNeedsBlockSizedHeads()
    {
        var e = Assert.Throws<ModelException>(() => LlamaModel.Load(ModelFiles.Stories260K, new ModelOptions { KvCacheType = GgmlType.Q8_0 }));
        Assert.Contains("multiple of 32", e.Message);
    }
}
