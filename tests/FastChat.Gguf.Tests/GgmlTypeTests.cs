namespace FastChat.Gguf.Tests;

/// <summary>Block sizes and byte sizes per ggml type, as ggml's block structs define them (sizeof(block_*)).</summary>
public sealed class GgmlTypeTests
{
    [Theory]
    [InlineData(GgmlType.F32, 1, 4)]
    [InlineData(GgmlType.F16, 1, 2)]
    [InlineData(GgmlType.BF16, 1, 2)]
    [InlineData(GgmlType.Q4_0, 32, 18)]
    [InlineData(GgmlType.Q4_1, 32, 20)]
    [InlineData(GgmlType.Q5_0, 32, 22)]
    [InlineData(GgmlType.Q5_1, 32, 24)]
    [InlineData(GgmlType.Q8_0, 32, 34)]
    [InlineData(GgmlType.Q8_1, 32, 36)]
    [InlineData(GgmlType.Q2_K, 256, 84)]
    [InlineData(GgmlType.Q3_K, 256, 110)]
    [InlineData(GgmlType.Q4_K, 256, 144)]
    [InlineData(GgmlType.Q5_K, 256, 176)]
    [InlineData(GgmlType.Q6_K, 256, 210)]
    [InlineData(GgmlType.Q8_K, 256, 292)]
    [InlineData(GgmlType.IQ2_XXS, 256, 66)]
    [InlineData(GgmlType.IQ2_XS, 256, 74)]
    [InlineData(GgmlType.IQ2_S, 256, 82)]
    [InlineData(GgmlType.IQ3_XXS, 256, 98)]
    [InlineData(GgmlType.IQ3_S, 256, 110)]
    [InlineData(GgmlType.IQ1_S, 256, 50)]
    [InlineData(GgmlType.IQ1_M, 256, 56)]
    [InlineData(GgmlType.IQ4_NL, 32, 18)]
    [InlineData(GgmlType.IQ4_XS, 256, 136)]
    [InlineData(GgmlType.TQ1_0, 256, 54)]
    [InlineData(GgmlType.TQ2_0, 256, 66)]
    [InlineData(GgmlType.MXFP4, 32, 17)]
    public void BlockLayout(GgmlType type, int blockSize, int blockBytes)
    {
        var info = GgmlTypes.GetInfo(type);
        Assert.Equal(blockSize, info.BlockSize);
        Assert.Equal(blockBytes, info.BlockBytes);
        Assert.Equal(blockBytes * 3L, info.RowBytes(blockSize * 3L));
    }

    [Fact]
    public void NamesParseBackCaseInsensitively()
    {
        foreach (var info in GgmlTypes.All)
        {
            Assert.True(GgmlTypes.TryParse(info.Name.ToLowerInvariant(), out var parsed));
            Assert.Equal(info.Type, parsed);
        }
        Assert.False(GgmlTypes.TryParse("Q4_2", out _));
        Assert.Equal(4.5, GgmlTypes.GetInfo(GgmlType.Q4_0).BitsPerWeight);
    }
}
