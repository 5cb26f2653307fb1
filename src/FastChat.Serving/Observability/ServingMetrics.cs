using System.Diagnostics.Metrics;
using FastChat.Engine.Scheduling;

namespace FastChat.Serving.Observability;

/// <summary>
/// The server's instruments (meter <see cref="MeterName"/>), exported at /metrics by OpenTelemetry's Prometheus
/// exporter: requests, tokens, time to first token, inter-token latency, and the scheduler's queue, running
/// sequences and KV usage read at scrape time.
/// </summary>
public sealed class ServingMetrics
{
    public const string MeterName = "FastChat.Serving";

    private static readonly double[] LatencyBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _promptTokens;
    private readonly Counter<long> _completionTokens;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _interTokenLatency;

    public ServingMetrics(IMeterFactory meterFactory, IGenerationService? service = null)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("fastchat.requests", "{request}", "Requests handled, by endpoint and HTTP status.");
        _promptTokens = meter.CreateCounter<long>("fastchat.prompt_tokens", "{token}", "Prompt tokens of finished generations.");
        _completionTokens = meter.CreateCounter<long>("fastchat.completion_tokens", "{token}", "Generated tokens.");
        _timeToFirstToken = meter.CreateHistogram("fastchat.time_to_first_token", "s", "From request start to a choice's first token.",
                                                  advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _interTokenLatency = meter.CreateHistogram("fastchat.inter_token_latency", "s", "Time between consecutive streamed tokens of a choice.",
                                                   advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        if (service is null) return;
        meter.CreateObservableGauge("fastchat.queue_depth", () => service.Stats.QueuedRequests, "{request}", "Requests waiting for admission.");
        meter.CreateObservableGauge("fastchat.running_sequences", () => service.Stats.RunningSequences, "{sequence}", "Sequences prefilling or decoding.");
        meter.CreateObservableGauge("fastchat.kv_cache_used_bytes", () => service.Stats.KvBytesUsed, "By", "KV-cache memory held by running sequences.");
        meter.CreateObservableGauge("fastchat.kv_cache_budget_bytes", () => service.Stats.KvBytesBudget, "By", "KV-cache memory running sequences may hold.");
    }

    public void RecordRequest(string endpoint, int statusCode) =>
        _requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", statusCode));

    public void RecordTokens(int promptTokens, int completionTokens)
    {
        _promptTokens.Add(promptTokens);
        _completionTokens.Add(completionTokens);
    }

    public void RecordTimeToFirstToken(TimeSpan elapsed) => _timeToFirstToken.Record(elapsed.TotalSeconds);

    public void RecordInterTokenLatency(TimeSpan elapsed) => _interTokenLatency.Record(elapsed.TotalSeconds);
}
