namespace FastChat.Serving.LoadTesting;

/// <summary>When each request of a run is sent: a seeded Poisson process (exponential gaps of mean 1/rate), or all at once.</summary>
public static class ArrivalSchedule
{
    /// <summary>
    /// Send times in seconds from the start, one per request, non-decreasing. <paramref name="requestsPerSecond"/> of
    /// infinity (or the schedule of a single request) gives all zeros; the same seed gives the same schedule.
    /// </summary>
    public static double[] PoissonOffsets(int count, double requestsPerSecond, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (double.IsNaN(requestsPerSecond) || requestsPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), "the request rate must be positive");
        var offsets = new double[count];
        if (double.IsPositiveInfinity(requestsPerSecond)) return offsets;
        var random = new Random(seed);
        var time = 0.0;
        // vLLM sends request i, then sleeps the gap: the first request goes at t = 0.
        for (var i = 1; i < count; i++)
        {
            time += -Math.Log(1 - random.NextDouble()) / requestsPerSecond;
            offsets[i] = time;
        }
        return offsets;
    }
}
