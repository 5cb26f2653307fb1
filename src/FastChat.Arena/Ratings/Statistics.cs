namespace FastChat.Arena.Ratings;

/// <summary>The few summary statistics the leaderboard needs, defined as pandas defines them.</summary>
public static class Statistics
{
    /// <summary>Quantile with linear interpolation between order statistics (pandas/numpy "linear", Hyndman-Fan type 7).</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0) return double.NaN;
        Array.Sort(sorted);
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /// <summary>Sample variance with n - 1 in the denominator (NaN for fewer than two values).</summary>
    public static double Variance(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return double.NaN;
        var mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }
}
