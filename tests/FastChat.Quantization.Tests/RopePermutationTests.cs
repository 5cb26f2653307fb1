using FastChat.Quantization.Conversion;

namespace FastChat.Quantization.Tests;

public sealed class RopePermutationTests
{
    /// <summary>
    /// numpy: w.reshape(n_head, 2, d // 2, ...).swapaxes(1, 2).reshape(w.shape) on rows 0..7 with 2 heads of 4:
    /// head 0 rows [0, 1, 2, 3] -> [0, 2, 1, 3]; head 1 -> [4, 6, 5, 7].
    /// </summary>
    [Fact]
    public void MatchesLlamaCppsPermuteOnASmallCase() =>
        Assert.Equal([0, 2, 1, 3, 4, 6, 5, 7], RopePermutation.HfToGguf(8, 2));

    [Fact]
    public void OneHeadOfEightInterleavesTheHalves() =>
        Assert.Equal([0, 4, 1, 5, 2, 6, 3, 7], RopePermutation.HfToGguf(8, 1));

    [Theory]
    [InlineData(64, 8)]
    [InlineData(32, 4)]
    [InlineData(4096, 32)]
    public void ExportUndoesConvert(int rows, int heads)
    {
        var forward = RopePermutation.HfToGguf(rows, heads);
        var inverse = RopePermutation.GgufToHf(rows, heads);
        Assert.Equal(Enumerable.Range(0, rows), Enumerable.Range(0, rows).Select(r => forward[inverse[r]]));
        Assert.Equal(Enumerable.Range(0, rows), forward.Order());
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(6, 2)]
    public void RowsThatAreNotWholeEvenHeadsAreRefused(int rows, int heads) =>
        Assert.Throws<ModelConversionException>(() => RopePermutation.HfToGguf(rows, heads));
}
