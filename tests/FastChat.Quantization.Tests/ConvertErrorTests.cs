using System.Text;
using FastChat.Quantization.Conversion;
using FastChat.Quantization.Export;
using FastChat.Quantization.Safetensors;
using FastChat.Tests;

namespace FastChat.Quantization.Tests;

/// <summary>Bad checkpoints fail with an error that names the problem, and leave no output behind.</summary>
public sealed class ConvertErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _folder;

    public ConvertErrorTests()
    {
        _folder = _temp.File("hf");
        GgufExporter.Export(SharedData.Model("stories260K.gguf"), _folder, new ExportOptions());
    }

    public void Dispose() => _temp.Dispose();

    private string Weights => Path.Combine(_folder, "model.safetensors");

    /// <summary>Converts and expects failure; checks that nothing but the input folder is left.</summary>
    private string ConvertFails()
    {
        var error = Assert.Throws<ModelConversionException>(() => HfConverter.Convert(_folder, _temp.File("out.gguf"), new ConvertOptions()));
        Assert.Equal(["hf"], _temp.Entries());
        return error.Message;
    }

    /// <summary>Rewrites model.safetensors, letting <paramref name="edit"/> drop or replace tensors.</summary>
    private void RewriteWeights(Func<SafetensorsTensor, (string DType, long[] Shape, byte[] Data)?> edit)
    {
        var entries = new List<(string Name, string DType, long[] Shape, byte[] Data)>();
        using (var file = SafetensorsFile.Open(Weights))
            foreach (var tensor in file.Tensors)
                if (edit(tensor) is { } replacement) entries.Add((tensor.Name, replacement.DType, replacement.Shape, replacement.Data));
        File.Delete(Weights);
        var writer = new SafetensorsWriter();
        foreach (var (name, dtype, shape, data) in entries) writer.Add(name, dtype, shape, stream => stream.Write(data));
        writer.WriteTo(_folder);
    }

    private static (string DType, long[] Shape, byte[] Data)? Keep(SafetensorsTensor tensor)
    {
        unsafe
        {
            return (tensor.DType, tensor.Shape.ToArray(), new ReadOnlySpan<byte>((void*)tensor.Pointer, (int)tensor.ByteSize).ToArray());
        }
    }

    [Fact]
    public void TheUnmodifiedFolderConverts()
    {
        HfConverter.Convert(_folder, _temp.File("out.gguf"), new ConvertOptions());
        Assert.True(File.Exists(_temp.File("out.gguf")));
    }

    [Fact]
    public void AnUnsupportedArchitectureIsNamed()
    {
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("LlamaForCausalLM", "GPT2LMHeadModel"));
        Assert.Contains("unsupported architecture 'GPT2LMHeadModel'", ConvertFails());
    }

    [Fact]
    public void AMissingTensorIsNamed()
    {
        RewriteWeights(t => t.Name == "model.layers.3.mlp.down_proj.weight" ? null : Keep(t));
        Assert.Contains("'model.layers.3.mlp.down_proj.weight' is missing", ConvertFails());
    }

    [Fact]
    public void AMisshapenTensorIsNamedWithBothShapes()
    {
        RewriteWeights(t => t.Name == "model.layers.1.self_attn.k_proj.weight" ? ("F32", [64, 32], new byte[64 * 32 * 4]) : Keep(t));
        var message = ConvertFails();
        Assert.Contains("'model.layers.1.self_attn.k_proj.weight' has shape [64, 32], expected [32, 64]", message);
    }

    [Fact]
    public void AnUnexpectedTensorIsNamed()
    {
        RewriteWeights(Keep);
        var writer = new SafetensorsWriter();
        writer.Add("model.layers.0.mlp.extra_proj.weight", "F32", [2, 2], stream => stream.Write(new byte[16]));
        Directory.CreateDirectory(_temp.File("extra"));
        writer.WriteTo(_temp.File("extra"));
        File.Move(Path.Combine(_temp.File("extra"), "model.safetensors"), Path.Combine(_folder, "extra.safetensors"));
        Directory.Delete(_temp.File("extra"));
        Assert.Contains("unexpected tensor 'model.layers.0.mlp.extra_proj.weight'", ConvertFails());
    }

    [Theory]
    [InlineData("I32", "has dtype I32, which cannot be converted")]
    [InlineData("F12", "unknown dtype 'F12'")]
    public void AnUnsupportedOrUnknownDTypeIsNamed(string dtype, string expected)
    {
        // Same-length dtype names keep every offset valid; only the first tensor changes.
        var bytes = File.ReadAllBytes(Weights);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToInt64(bytes, 0));
        var at = header.IndexOf("\"dtype\":\"F32\"", StringComparison.Ordinal);
        Encoding.UTF8.GetBytes($"\"dtype\":\"{dtype}\"").CopyTo(bytes, 8 + at);
        File.WriteAllBytes(Weights, bytes);
        var message = ConvertFails();
        Assert.Contains(expected, message);
        Assert.Contains("tensor '", message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    [InlineData(0.0001)]
    public void ATruncatedSafetensorsFileIsReported(double keep)
    {
        var bytes = File.ReadAllBytes(Weights);
        File.WriteAllBytes(Weights, bytes[..(int)(bytes.Length * keep)]);
        var message = ConvertFails();
        Assert.Contains("model.safetensors", message);
        Assert.Contains("truncated", message);
    }

    [Fact]
    public void EmbeddingRowsMustMatchTheVocabulary()
    {
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"vocab_size\": 512", "\"vocab_size\": 520"));
        Assert.Contains("'model.embed_tokens.weight' has 512 rows but the vocabulary has 520 tokens", ConvertFails());
    }

    [Fact]
    public void AMissingConfigKeyIsNamed()
    {
        var config = Path.Combine(_folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"intermediate_size\"", "\"intermediate\""));
        Assert.Contains("'intermediate_size' is missing", ConvertFails());
    }

    [Fact]
    public void ExportRefusesANonEmptyFolderAndAnUnsupportedArchitecture()
    {
        var error = Assert.Throws<ModelConversionException>(() => GgufExporter.Export(SharedData.Model("stories260K.gguf"), _folder, new ExportOptions()));
        Assert.Contains("not empty", error.Message);
        error = Assert.Throws<ModelConversionException>(() => GgufExporter.Export(SharedData.Path("tokenizer", "ggml-vocab-gpt-2.gguf"), _temp.File("gpt2"), new ExportOptions()));
        Assert.Contains("'gpt2'", error.Message);
        Assert.Equal(["hf"], _temp.Entries());
    }
}
