using System.Diagnostics;

namespace FastChat.Serving.LoadTesting;

/// <summary>The measured requests of one run and the run's wall time.</summary>
/// <param name="Results">One result per request, in the order the requests were given.</param>
/// <param name="Duration">Seconds from the first send to the last request's end.</param>
/// <param name="Profile">The load the run applied.</param>
public sealed record LoadRun(IReadOnlyList<RequestResult> Results, double Duration, LoadProfile Profile);

/// <summary>
/// Sends requests on an arrival schedule with an optional concurrency cap, as vLLM's benchmark_serving does: each
/// request is released at its arrival time and then waits for a free slot, so a cap with rate infinity is a closed
/// loop of that many clients.
/// </summary>
public sealed class LoadGenerator(StreamingRequestSender sender)
{
    /// <summary>Runs <paramref name="requests"/> under <paramref name="profile"/>; failures are results, not exceptions.</summary>
    public async Task<LoadRun> RunAsync(IReadOnlyList<BenchmarkRequest> requests, LoadProfile profile, CancellationToken cancellationToken = default)
    {
        if (profile.MaxConcurrency is < 1) throw new ArgumentOutOfRangeException(nameof(profile), "max concurrency must be at least 1");
        var arrivals = ArrivalSchedule.PoissonOffsets(requests.Count, profile.RequestRate, profile.Seed);
        using var slots = new SemaphoreSlim(profile.MaxConcurrency ?? int.MaxValue);
        var tasks = new Task<RequestResult>[requests.Count];
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < requests.Count; i++)
        {
            var wait = arrivals[i] - Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
            tasks[i] = SendWhenFreeAsync(requests[i], slots, started, cancellationToken);
        }
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new LoadRun(results, Stopwatch.GetElapsedTime(started).TotalSeconds, profile);
    }

    private async Task<RequestResult> SendWhenFreeAsync(BenchmarkRequest request, SemaphoreSlim slots, long started, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await sender.SendAsync(request, Stopwatch.GetElapsedTime(started).TotalSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
