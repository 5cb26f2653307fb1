using FastChat.Evaluation.Results;

namespace FastChat.Evaluation.Tests;

/// <summary>Acceptance: the total scores published with Vicuna (lmsys.org/blog/2023-03-30-vicuna), from the GPT-4 reviews.</summary>
public sealed class VicunaReviewTotalsTests
{
    private static readonly string Table = EvalData.Path("vicuna-eval", "table");

    [Theory]
    [InlineData("llama-13b", 513.0, 694.0)]
    [InlineData("alpaca-13b", 583.0, 704.0)]
    [InlineData("bard", 664.0, 655.5)]
    [InlineData("gpt-3.5-turbo", 693.0, 638.0)]
    public void PublishedTotals_AreReproduced(string opponent, double opponentTotal, double vicunaTotal)
    {
        var totals = VicunaReviewTotals.Compute(Table, "vicuna-13b_20230322-clean-lang");
        Assert.Equal(4, totals.Count);
        var pair = Assert.Single(totals, t => t.Model1 == opponent);
        Assert.Equal("vicuna-13b", pair.Model2);
        Assert.Equal(opponentTotal, pair.Total1);
        Assert.Equal(vicunaTotal, pair.Total2);
        Assert.Equal(80, pair.Questions);
        Assert.Equal(80, pair.Wins1 + pair.Wins2 + pair.Ties);
    }

    [Fact]
    public void Totals_EqualTheSumOfTheRawScoreFields()
    {
        foreach (var total in VicunaReviewTotals.Compute(Table, "vicuna-7b_20230322-fp16"))
        {
            var raw = EvalData.RawLines(Path.Combine(Table, "review", "vicuna-7b_20230322-fp16", total.ReviewFile));
            Assert.Equal(raw.Sum(r => r.GetProperty("score")[0].GetDouble()), total.Total1);
            Assert.Equal(raw.Sum(r => r.GetProperty("score")[1].GetDouble()), total.Total2);
            Assert.Equal(raw.Count(r => r.GetProperty("score")[0].GetDouble() > r.GetProperty("score")[1].GetDouble()), total.Wins1);
            Assert.Equal("vicuna-7b", total.Model2);
        }
    }
}
