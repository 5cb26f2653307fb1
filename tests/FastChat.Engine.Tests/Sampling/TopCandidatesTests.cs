using FastChat.Engine.Sampling;

namespace FastChat.Engine.Tests.Sampling;

/// <summary>The partial selection against a full sort, with many ties (logits rounded to a coarse grid).</summary>
public class TopCandidatesTests
{
    private static int[] FullSort(float[] logits) =>
        Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).ThenBy(i => i).ToArray();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(100, 40)]
    [InlineData(1000, 999)]
    [InlineData(32000, 1)]
    [InlineData(32000, 40)]
    [InlineData(32000, 256)]
    [InlineData(32003, 5000)]
    public void Select_top_equals_the_head_of_a_full_sort(int vocab, int count)
    {
        var random = new Random(vocab + count);
        var logits = Enumerable.Range(0, vocab).Select(_ => MathF.Round((float)random.NextDouble() * 40f - 20f) / 4f).ToArray();
        logits[vocab / 2] = -0f; // equal to +0 for ordering
        var ids = new int[vocab];
        var keys = new ulong[vocab];
        Assert.Equal(count, TopCandidates.SelectTop(logits, count, ids, keys));
        Assert.Equal(FullSort(logits).Take(count), ids.Take(count));
        Assert.Equal(vocab, TopCandidates.SortAll(logits, ids, keys));
        Assert.Equal(FullSort(logits), ids);
    }

    [Fact]
    public void Negative_infinity_and_extreme_logits_order_correctly()
    {
        float[] logits = [float.NegativeInfinity, -3e38f, 0f, -0f, 3e38f, float.NegativeInfinity, 1e-45f, -1e-45f, 5f];
        var ids = new int[logits.Length];
        var keys = new ulong[logits.Length];
        for (var count = 1; count <= logits.Length; count++)
        {
            TopCandidates.SelectTop(logits, count, ids, keys);
            Assert.Equal(FullSort(logits).Take(count), ids.Take(count));
        }
    }

    [Fact]
    public void Select_at_least_returns_ids_in_order()
    {
        var logits = ReferenceDistribution.RandomLogits(1001, seed: 2);
        var ids = new int[logits.Length];
        var count = TopCandidates.SelectAtLeast(logits, 1.5f, ids);
        Assert.Equal(Enumerable.Range(0, logits.Length).Where(i => logits[i] >= 1.5f), ids.Take(count));
    }
}
