using FastChat.Serving.LoadTesting;

namespace FastChat.Serving.Tests.LoadTesting;

/// <summary>Poisson arrivals: exponential gaps with mean 1/rate, reproducible by seed; infinity sends everything at once.</summary>
public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Gaps_HaveMeanOneOverRate_AndExponentialSpread()
    {
        const double rate = 5;
        var offsets = ArrivalSchedule.PoissonOffsets(20_001, rate, seed: 42);
        Assert.Equal(0, offsets[0]);
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToArray();
        Assert.All(gaps, g => Assert.True(g >= 0));
        var mean = gaps.Average();
        // 20,000 exponential gaps: the mean's standard error is 0.7%; 3% is over 4 sigma.
        Assert.InRange(mean, 0.97 / rate, 1.03 / rate);
        var std = Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);
        Assert.InRange(std / mean, 0.95, 1.05); // exponential: coefficient of variation 1
        var median = gaps.Order().ElementAt(gaps.Length / 2);
        Assert.InRange(median, 0.95 * Math.Log(2) / rate, 1.05 * Math.Log(2) / rate);
    }

    [Fact]
    public void SameSeed_SameSchedule_OtherSeed_Other()
    {
        Assert.Equal(ArrivalSchedule.PoissonOffsets(50, 2, 7), ArrivalSchedule.PoissonOffsets(50, 2, 7));
        Assert.NotEqual(ArrivalSchedule.PoissonOffsets(50, 2, 7), ArrivalSchedule.PoissonOffsets(50, 2, 8));
    }

    [Fact]
    public void InfiniteRate_AllAtOnce_ZeroOrNegativeRefused()
    {
        Assert.All(ArrivalSchedule.PoissonOffsets(10, double.PositiveInfinity, 1), o => Assert.Equal(0, o));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrivalSchedule.PoissonOffsets(3, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArrivalSchedule.PoissonOffsets(3, -1, 1));
    }
}
