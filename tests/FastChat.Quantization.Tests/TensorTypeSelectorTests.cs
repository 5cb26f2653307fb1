using FastChat.Gguf;
using FastChat.Quantization.Quantizing;

namespace FastChat.Quantization.Tests;

/// <summary>The mixture rules on a Llama-7B-shaped tensor list (32 layers, rows of 4096 / 11008), by name only.</summary>
public sealed class TensorTypeSelectorTests
{
    private const int Layers = 32;

    private static readonly string[] PerLayer = ["attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"];

    private static IEnumerable<string> Names(bool withOutput = true) =>
        new[] { "token_embd.weight", "output_norm.weight" }
            .Concat(withOutput ? ["output.weight"] : [])
            .Concat(Enumerable.Range(0, Layers).SelectMany(i => PerLayer.Select(t => $"blk.{i}.{t}.weight")));

    private static TensorTypeSelector Selector(QuantizeOptions options, bool withOutput = true) =>
        new(options, "llama", Layers, 0, Names(withOutput));

    private static GgmlType? Choose(TensorTypeSelector selector, string name) =>
        selector.Choose(name, name.Contains("norm") ? 1 : 2, name.Contains("ffn_down") ? 11008 : 4096);

    /// <summary>llama.cpp's use_more_bits for 32 layers: 0-3, 28-31 and every third layer from 6.</summary>
    private static readonly int[] MoreBitsLayers = [0, 1, 2, 3, 6, 9, 12, 15, 18, 21, 24, 27, 28, 29, 30, 31];

    [Fact]
    public void Q4_K_MGivesHalfOfAttnVAndFfnDownQ6_KAndTheOutputQ6_K()
    {
        var selector = Selector(new QuantizeOptions { Type = QuantizationType.Q4_K_M });
        for (var i = 0; i < Layers; i++)
        {
            var expected = MoreBitsLayers.Contains(i) ? GgmlType.Q6_K : GgmlType.Q4_K;
            Assert.Equal(expected, Choose(selector, $"blk.{i}.attn_v.weight"));
            Assert.Equal(expected, Choose(selector, $"blk.{i}.ffn_down.weight"));
            Assert.Equal(GgmlType.Q4_K, Choose(selector, $"blk.{i}.attn_q.weight"));
            Assert.Null(Choose(selector, $"blk.{i}.attn_norm.weight"));
        }
        Assert.Equal(GgmlType.Q6_K, Choose(selector, "output.weight"));
        Assert.Equal(GgmlType.Q4_K, Choose(selector, "token_embd.weight"));
    }

    [Fact]
    public void Q4_K_SGivesTheFirstLayersQ5_K()
    {
        var selector = Selector(new QuantizeOptions { Type = QuantizationType.Q4_K_S });
        for (var i = 0; i < Layers; i++)
        {
            Assert.Equal(i < 4 ? GgmlType.Q5_K : GgmlType.Q4_K, Choose(selector, $"blk.{i}.attn_v.weight"));
            Assert.Equal(i < Layers / 8 ? GgmlType.Q5_K : GgmlType.Q4_K, Choose(selector, $"blk.{i}.ffn_down.weight"));
        }
    }

    [Fact]
    public void Q5_K_MAndQ6_KFollowTheirRecipes()
    {
        var q5km = Selector(new QuantizeOptions { Type = QuantizationType.Q5_K_M });
        Assert.Equal(GgmlType.Q6_K, Choose(q5km, "blk.0.attn_v.weight"));
        Assert.Equal(GgmlType.Q5_K, Choose(q5km, "blk.4.attn_v.weight"));
        Assert.Equal(GgmlType.Q6_K, Choose(q5km, "output.weight"));
        var q6k = Selector(new QuantizeOptions { Type = QuantizationType.Q6_K });
        Assert.All(Names().Where(n => !n.Contains("norm")), n => Assert.Equal(GgmlType.Q6_K, Choose(q6k, n)));
    }

    [Fact]
    public void TiedEmbeddingsAreTreatedAsTheOutput()
    {
        var selector = Selector(new QuantizeOptions { Type = QuantizationType.Q4_K_M }, withOutput: false);
        Assert.Equal(GgmlType.Q6_K, Choose(selector, "token_embd.weight"));
    }

    [Fact]
    public void OverridesWinAndTheLastMatchingOneCounts()
    {
        var selector = Selector(new QuantizeOptions
        {
            Type = QuantizationType.Q4_K_M,
            Overrides = [TensorTypeOverride.Parse("attn_v=q8_0"), TensorTypeOverride.Parse(@"blk\.1\.attn_v=f16")],
            OutputTensorType = GgmlType.Q8_0,
            TokenEmbeddingType = GgmlType.F16,
        });
        Assert.Equal(GgmlType.Q8_0, Choose(selector, "blk.0.attn_v.weight"));
        Assert.Equal(GgmlType.F16, Choose(selector, "blk.1.attn_v.weight"));
        Assert.Equal(GgmlType.Q8_0, Choose(selector, "output.weight"));
        Assert.Equal(GgmlType.F16, Choose(selector, "token_embd.weight"));
    }

    [Fact]
    public void PureSkipsTheMixtureAndFloatTargetsConvertEveryWeight()
    {
        var pure = Selector(new QuantizeOptions { Type = QuantizationType.Q4_K_M, Pure = true });
        Assert.All(Names().Where(n => !n.Contains("norm")), n => Assert.Equal(GgmlType.Q4_K, Choose(pure, n)));
        var f16 = Selector(new QuantizeOptions { Type = QuantizationType.F16 });
        Assert.All(Names().Where(n => !n.Contains("norm")), n => Assert.Equal(GgmlType.F16, Choose(f16, n)));
    }

    [Theory]
    [InlineData(GgmlType.Q4_K, 64, GgmlType.Q5_0)]
    [InlineData(GgmlType.Q5_K, 64, GgmlType.Q5_1)]
    [InlineData(GgmlType.Q6_K, 64, GgmlType.Q8_0)]
    [InlineData(GgmlType.Q6_K, 172, GgmlType.F16)]
    [InlineData(GgmlType.Q4_0, 172, GgmlType.F16)]
    [InlineData(GgmlType.Q4_K, 512, GgmlType.Q4_K)]
    public void RowsThatAreNotWholeBlocksFallBack(GgmlType type, long rowLength, GgmlType expected) =>
        Assert.Equal(expected, TensorTypeSelector.Fallback(type, rowLength));

    [Fact]
    public void AnOverrideThatDoesNotFitTheRowsIsAnErrorNamingTheTensor()
    {
        var selector = Selector(new QuantizeOptions { Type = QuantizationType.Q8_0, Overrides = [TensorTypeOverride.Parse("ffn_down=q6_k")] });
        var error = Assert.Throws<ModelConversionException>(() => selector.Choose("blk.3.ffn_down.weight", 2, 172));
        Assert.Contains("blk.3.ffn_down.weight", error.Message);
    }

    [Theory]
    [InlineData("ffn_down")]
    [InlineData("ffn_down=")]
    [InlineData("ffn_down=q3_k")]
    [InlineData("ffn_down=nonsense")]
    [InlineData("([=f16")]
    public void MalformedOverridesAreRejected(string text) =>
        Assert.Throws<ArgumentException>(() => TensorTypeOverride.Parse(text));

    [Fact]
    public void QuantizationTypesParseCaseInsensitivelyAndNameTheChoicesOtherwise()
    {
        Assert.Same(QuantizationType.Q4_K_M, QuantizationType.Parse("q4_k_m"));
        var error = Assert.Throws<ArgumentException>(() => QuantizationType.Parse("Q3_K_M"));
        Assert.Contains("Q4_K_M", error.Message);
    }
}
