namespace FastChat.Serving.LoadTesting;

/// <summary>
/// Mean, median, population standard deviation and percentiles of a sample, computed as numpy does (np.mean,
/// np.median, np.std, np.percentile with linear interpolation) so numbers compare with vLLM's. Empty samples give zeros.
/// </summary>
public sealed record DistributionSummary(double Mean, double Median, double StandardDeviation, IReadOnlyDictionary<double, double> Percentiles)
{
    /// <summary>Summarises <paramref name="values"/>, with the given percentiles (0..100).</summary>
    public static DistributionSummary Of(IEnumerable<double> values, IReadOnlyList<double> percentiles)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mean = sorted.Length == 0 ? 0 : sorted.Average();
        var variance = sorted.Length == 0 ? 0 : sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length;
        return new DistributionSummary(mean, Percentile(sorted, 50), Math.Sqrt(variance),
                                       percentiles.ToDictionary(p => p, p => Percentile(sorted, p)));
    }

    /// <summary>The <paramref name="percent"/>-th percentile of ascending <paramref name="sorted"/> by linear interpolation between closest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (percent is < 0 or > 100 || double.IsNaN(percent)) throw new ArgumentOutOfRangeException(nameof(percent), "percentiles lie in 0..100");
        if (sorted.Count == 0) return 0;
        var rank = percent / 100 * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    /// <summary>This summary with every value multiplied (seconds to milliseconds).</summary>
    public DistributionSummary Scaled(double factor) =>
        new(Mean * factor, Median * factor, StandardDeviation * factor, Percentiles.ToDictionary(p => p.Key, p => p.Value * factor));
}
