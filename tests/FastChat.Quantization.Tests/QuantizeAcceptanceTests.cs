using FastChat.Gguf;
using FastChat.Quantization.Quantizing;
using FastChat.Tests;

namespace FastChat.Quantization.Tests;

/// <summary>Quantizing stories260K reproduces the files llama.cpp (and the reference tool) made from it.</summary>
public sealed class QuantizeAcceptanceTests
{
    private static readonly string Stories = SharedData.Model("stories260K.gguf");

    private static string QuantizeStories(TempDirectory temp, QuantizeOptions options)
    {
        var output = temp.File("out.gguf");
        ModelQuantizer.Quantize(Stories, output, options);
        return output;
    }

    [Fact]
    public void Q8_0WithFfnDownKeptF16IsTheMixQ8_0FileByteForByte()
    {
        using var temp = new TempDirectory();
        var output = QuantizeStories(temp, new QuantizeOptions { Type = QuantizationType.Q8_0, Overrides = [TensorTypeOverride.Parse("ffn_down=f16")] });
        using (var expected = GgufFile.Open(SharedData.Model("stories260K-mix-q8_0.gguf")))
        using (var actual = GgufFile.Open(output))
        {
            GgufAssert.TensorsIdentical(expected, actual);
            Assert.Equal(7u, actual.Metadata.GetUInt32(GgufKeys.FileType));
            Assert.Equal(2u, actual.Metadata.GetUInt32(GgufKeys.QuantizationVersion));
        }
        // Metadata order, tensor order and padding match too.
        Assert.Equal(File.ReadAllBytes(SharedData.Model("stories260K-mix-q8_0.gguf")), File.ReadAllBytes(output));
    }

    [Fact]
    public void Q8_0FallsBackToF16ForRowsThatAreNotWholeBlocks()
    {
        using var temp = new TempDirectory();
        var output = QuantizeStories(temp, new QuantizeOptions { Type = QuantizationType.Q8_0 });
        Assert.Equal(File.ReadAllBytes(SharedData.Model("stories260K-mix-q8_0.gguf")), File.ReadAllBytes(output));
    }

    [Fact]
    public void PureQ4_0IsTheMixQ4_0File()
    {
        using var temp = new TempDirectory();
        var output = QuantizeStories(temp, new QuantizeOptions { Type = QuantizationType.Q4_0, Pure = true });
        using var expected = GgufFile.Open(SharedData.Model("stories260K-mix-q4_0.gguf"));
        using var actual = GgufFile.Open(output);
        GgufAssert.TensorsIdentical(expected, actual);
    }

    [Theory]
    [InlineData("Q4_K_M", "stories260K-Q4_K_M.gguf")]
    [InlineData("Q6_K", "stories260K-Q6_K.gguf")]
    public void KQuantRecipesChooseLlamaCppsTypesAndBytes(string type, string reference)
    {
        using var temp = new TempDirectory();
        var output = QuantizeStories(temp, new QuantizeOptions { Type = QuantizationType.Parse(type) });
        using var expected = GgufFile.Open(SharedData.Model(reference));
        using var actual = GgufFile.Open(output);
        // The tiny rows (64, 172) make every k-quant fall back to Q5_0 / Q8_0 / F16, whose encoders are
        // deterministic, so llama.cpp's bytes are reproduced as well as its per-tensor choices.
        GgufAssert.TensorsIdentical(expected, actual);
        Assert.Equal(expected.Metadata.GetUInt32(GgufKeys.FileType), actual.Metadata.GetUInt32(GgufKeys.FileType));
    }

    [Fact]
    public void MetadataIsKeptAndOnlyFileTypeAndQuantizationVersionAreAdded()
    {
        using var temp = new TempDirectory();
        var output = QuantizeStories(temp, new QuantizeOptions { Type = QuantizationType.Q5_1 });
        using var source = GgufFile.Open(Stories);
        using var actual = GgufFile.Open(output);
        Assert.Equal(source.Metadata.Keys.Concat([GgufKeys.FileType, GgufKeys.QuantizationVersion]), actual.Metadata.Keys);
        foreach (var key in source.Metadata.Keys) GgufAssert.SameValue(source.Metadata, actual.Metadata, key);
        Assert.Equal(9u, actual.Metadata.GetUInt32(GgufKeys.FileType));
        Assert.All(actual.Tensors.Where(t => t.Name.EndsWith("_norm.weight")), t => Assert.Equal(GgmlType.F32, t.Type));
        Assert.Equal(GgmlType.Q5_1, actual.GetTensor("blk.0.attn_q.weight").Type);
    }

    [Fact]
    public void RequantizingAQuantizedModelDecodesItFirst()
    {
        using var temp = new TempDirectory();
        var output = temp.File("requantized.gguf");
        ModelQuantizer.Quantize(SharedData.Model("stories260K-mix-q8_0.gguf"), output, new QuantizeOptions { Type = QuantizationType.F32 });
        using var source = GgufFile.Open(SharedData.Model("stories260K-mix-q8_0.gguf"));
        using var actual = GgufFile.Open(output);
        var q = source.GetTensor("blk.1.attn_q.weight");
        var decoded = FastChat.Native.Kernels.Quantization.Dequantize(GgmlType.Q8_0, source.GetTensorData(q));
        var written = actual.GetTensor("blk.1.attn_q.weight");
        Assert.Equal(GgmlType.F32, written.Type);
        Assert.Equal(decoded, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(actual.GetTensorData(written)).ToArray());
    }
}
