using FastChat.Serving.LoadTesting;

namespace FastChat.Serving.Tests.LoadTesting;

/// <summary>Percentiles, mean, median and std against hand-computed (numpy) values, and metrics of a hand-built run.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Summary_MatchesNumpy()
    {
        // np.percentile(range(1, 11), [25, 99]) = [3.25, 9.91]; np.std = sqrt(8.25).
        var summary = DistributionSummary.Of([7, 3, 10, 1, 5, 9, 2, 8, 4, 6], [25, 99]);
        Assert.Equal(5.5, summary.Mean, 12);
        Assert.Equal(5.5, summary.Median, 12);
        Assert.Equal(Math.Sqrt(8.25), summary.StandardDeviation, 12);
        Assert.Equal(3.25, summary.Percentiles[25], 12);
        Assert.Equal(9.91, summary.Percentiles[99], 12);
    }

    [Theory]
    [InlineData(0, 15)]
    [InlineData(40, 29)]     // rank 1.6: 20 + 0.6 * (35 - 20)
    [InlineData(50, 35)]
    [InlineData(90, 46)]     // rank 3.6: 40 + 0.6 * (50 - 40)
    [InlineData(100, 50)]
    public void Percentile_InterpolatesBetweenClosestRanks(double percent, double expected) =>
        Assert.Equal(expected, DistributionSummary.Percentile([15, 20, 35, 40, 50], percent), 12);

    [Fact]
    public void Percentile_EdgeCases()
    {
        Assert.Equal(0, DistributionSummary.Percentile([], 99));
        Assert.Equal(4, DistributionSummary.Percentile([4], 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistributionSummary.Percentile([1, 2], 101));
    }

    [Fact]
    public void Metrics_OfAHandBuiltRun()
    {
        var run = new LoadRun(
        [
            // TPOT (1.1 - 0.1) / (11 - 1) = 0.1 s.
            Ok(ttft: 0.1, latency: 1.1, tokens: 11, prompt: 5, [0.1, 0.1]),
            // TPOT (0.5 - 0.3) / (5 - 1) = 0.05 s.
            Ok(ttft: 0.3, latency: 0.5, tokens: 5, prompt: 7, [0.02, 0.04]),
            // One token: no TPOT.
            Ok(ttft: 0.2, latency: 0.2, tokens: 1, prompt: 3, []),
            RequestResult.Failed("HTTP 429", "overloaded", new BenchmarkRequest("x", 1, 4), 0, 0.01),
            RequestResult.Failed("HTTP 429", "overloaded", new BenchmarkRequest("x", 1, 4), 0, 0.01),
            RequestResult.Failed("timeout", "slow", new BenchmarkRequest("x", 1, 4), 0, 5),
        ], Duration: 2, new LoadProfile());
        var metrics = BenchmarkMetrics.From(run, GoodputObjectives.Parse(["ttft:250", "tpot:75"]), [99]);

        Assert.Equal(3, metrics.Completed);
        Assert.Equal(3, metrics.Failed);
        Assert.Equal([KeyValuePair.Create("HTTP 429", 2), KeyValuePair.Create("timeout", 1)], metrics.FailureReasons);
        Assert.Equal(15, metrics.TotalInputTokens);
        Assert.Equal(17, metrics.TotalOutputTokens);
        Assert.Equal(1.5, metrics.RequestThroughput, 12);
        Assert.Equal(8.5, metrics.OutputThroughput, 12);
        Assert.Equal(16, metrics.TotalTokenThroughput, 12);
        Assert.Equal(0.5, metrics.RequestGoodput!.Value, 12); // only the 1-token request meets ttft 250 and tpot 75
        Assert.Equal(75, metrics.TimePerOutputTokenMs.Mean, 9);
        Assert.Equal(200, metrics.TimeToFirstTokenMs.Median, 9);
        Assert.Equal(65, metrics.InterTokenLatencyMs.Mean, 9);
        Assert.Equal(600, metrics.EndToEndLatencyMs.Mean, 9);
        Assert.Equal(2, metrics.OutputLengthMismatches); // two of them asked for 11 and got fewer
    }

    [Fact]
    public void Goodput_ParsesAndRefusesBadItems()
    {
        var slo = GoodputObjectives.Parse(["ttft:200 tpot:50", "e2el:1500.5"]);
        Assert.Equal(new GoodputObjectives(200, 50, 1500.5), slo);
        Assert.Equal("ttft:200 tpot:50 e2el:1500.5", slo.ToString());
        Assert.True(GoodputObjectives.Parse([]).IsEmpty);
        Assert.Throws<FormatException>(() => GoodputObjectives.Parse(["ttft=200"]));
        Assert.Throws<FormatException>(() => GoodputObjectives.Parse(["itl:5"]));
        Assert.Throws<FormatException>(() => GoodputObjectives.Parse(["tpot:-1"]));
    }

    private static RequestResult Ok(double ttft, double latency, int tokens, int prompt, double[] gaps) => new()
    {
        Success = true, TimeToFirstToken = ttft, Latency = latency, OutputTokens = tokens, RequestedOutputTokens = 11,
        PromptTokens = prompt, InterTokenLatencies = gaps, UsageReported = true,
    };
}
