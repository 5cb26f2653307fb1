namespace FastChat.Serving.LoadTesting;

/// <summary>
/// The aggregate of one run, in vLLM's terms: throughputs over the run's duration, and TTFT, TPOT, ITL and E2EL
/// distributions in milliseconds over the successful requests.
/// </summary>
public sealed record BenchmarkMetrics
{
    /// <summary>Successful requests.</summary>
    public int Completed { get; init; }

    /// <summary>Failed requests.</summary>
    public int Failed { get; init; }

    /// <summary>Failures by kind (for example "HTTP 429": 3), most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> FailureReasons { get; init; } = [];

    /// <summary>Successful requests whose output length differs from max_tokens (non-zero means lengths were not exact).</summary>
    public int OutputLengthMismatches { get; init; }

    /// <summary>Seconds from the first send to the end of the last request.</summary>
    public double Duration { get; init; }

    /// <summary>Prompt tokens of the successful requests.</summary>
    public long TotalInputTokens { get; init; }

    /// <summary>Generated tokens of the successful requests.</summary>
    public long TotalOutputTokens { get; init; }

    /// <summary>Successful requests per second.</summary>
    public double RequestThroughput { get; init; }

    /// <summary>Requests per second that met every goodput objective; null when none were given.</summary>
    public double? RequestGoodput { get; init; }

    /// <summary>Prompt tokens per second.</summary>
    public double InputThroughput { get; init; }

    /// <summary>Generated tokens per second (aggregate decode throughput).</summary>
    public double OutputThroughput { get; init; }

    /// <summary>Prompt plus generated tokens per second.</summary>
    public double TotalTokenThroughput { get; init; }

    /// <summary>Time to first token (ms).</summary>
    public required DistributionSummary TimeToFirstTokenMs { get; init; }

    /// <summary>Time per output token after the first, one value per request (ms).</summary>
    public required DistributionSummary TimePerOutputTokenMs { get; init; }

    /// <summary>Inter-token latency, one value per gap between chunks of every request (ms).</summary>
    public required DistributionSummary InterTokenLatencyMs { get; init; }

    /// <summary>End-to-end request latency (ms).</summary>
    public required DistributionSummary EndToEndLatencyMs { get; init; }

    /// <summary>Computes the metrics of <paramref name="run"/>.</summary>
    public static BenchmarkMetrics From(LoadRun run, GoodputObjectives objectives, IReadOnlyList<double> percentiles)
    {
        var ok = run.Results.Where(r => r.Success).ToList();
        var duration = Math.Max(run.Duration, 1e-9);
        long input = ok.Sum(r => (long)r.PromptTokens), output = ok.Sum(r => (long)r.OutputTokens);
        DistributionSummary Ms(IEnumerable<double> seconds) => DistributionSummary.Of(seconds, percentiles).Scaled(1000);
        return new BenchmarkMetrics
        {
            Completed = ok.Count,
            Failed = run.Results.Count - ok.Count,
            FailureReasons = [.. run.Results.Where(r => !r.Success).GroupBy(r => r.FailureKind ?? "unknown")
                                            .Select(g => KeyValuePair.Create(g.Key, g.Count())).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)],
            OutputLengthMismatches = ok.Count(r => r.OutputTokens != r.RequestedOutputTokens),
            Duration = run.Duration,
            TotalInputTokens = input,
            TotalOutputTokens = output,
            RequestThroughput = ok.Count / duration,
            RequestGoodput = objectives.IsEmpty ? null : ok.Count(objectives.IsMetBy) / duration,
            InputThroughput = input / duration,
            OutputThroughput = output / duration,
            TotalTokenThroughput = (input + output) / duration,
            TimeToFirstTokenMs = Ms(ok.Select(r => r.TimeToFirstToken)),
            // vLLM leaves single-token requests out of TPOT (it has no meaning for them).
            TimePerOutputTokenMs = Ms(ok.Where(r => r.OutputTokens > 1).Select(r => r.TimePerOutputToken)),
            InterTokenLatencyMs = Ms(ok.SelectMany(r => r.InterTokenLatencies)),
            EndToEndLatencyMs = Ms(ok.Select(r => r.Latency)),
        };
    }
}
