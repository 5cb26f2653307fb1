namespace FastChat.Serving.LoadTesting;

/// <summary>One measured load point: the raw run and its metrics.</summary>
public sealed record LoadPointResult(LoadRun Run, BenchmarkMetrics Metrics);

/// <summary>
/// A serving benchmark against one endpoint: optional warm-up requests (not measured), then one run per load
/// profile (one for a single run, several for a sweep), each over the same requests.
/// </summary>
public sealed class ServingBenchmark(StreamingRequestSender sender, GoodputObjectives objectives, IReadOnlyList<double> percentiles)
{
    /// <summary>Sends the first <paramref name="count"/> requests one at a time, unmeasured, so the server has loaded and compiled what it needs; returns the failures.</summary>
    public async Task<IReadOnlyList<RequestResult>> WarmUpAsync(IReadOnlyList<BenchmarkRequest> requests, int count, CancellationToken cancellationToken = default)
    {
        var failures = new List<RequestResult>();
        foreach (var request in requests.Take(count))
        {
            var result = await sender.SendAsync(request, 0, cancellationToken).ConfigureAwait(false);
            if (!result.Success) failures.Add(result);
        }
        return failures;
    }

    /// <summary>Runs every profile in order over <paramref name="requests"/>; <paramref name="progress"/> hears of each finished point.</summary>
    public async Task<IReadOnlyList<LoadPointResult>> RunAsync(IReadOnlyList<BenchmarkRequest> requests, IReadOnlyList<LoadProfile> profiles,
                                                               Action<LoadPointResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var generator = new LoadGenerator(sender);
        var points = new List<LoadPointResult>(profiles.Count);
        foreach (var profile in profiles)
        {
            var run = await generator.RunAsync(requests, profile, cancellationToken).ConfigureAwait(false);
            var point = new LoadPointResult(run, BenchmarkMetrics.From(run, objectives, percentiles));
            points.Add(point);
            progress?.Invoke(point);
        }
        return points;
    }
}
