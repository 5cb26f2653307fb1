using FastChat.Tests;
using FastChat.Serving.LoadTesting;

namespace FastChat.Serving.Tests.LoadTesting;

/// <summary>Load runs against the real stories260K server: metrics present and consistent, concurrency cap kept, HTTP errors counted.</summary>
[Collection(ServerCollection.Name)]
public sealed class LoadRunAgainstServerTests(ServerFixture server)
{
    private const int OutputTokens = 16;

    private LoadTestTarget Target(string endpoint = "/v1/completions", string? apiKey = ServerFixture.ApiKey, string model = ServerFixture.ModelName) =>
        new() { BaseUrl = server.BaseAddress, Model = model, Endpoint = endpoint, ApiKey = apiKey, IgnoreEos = true, RequestTimeout = TimeSpan.FromSeconds(60) };

    private static IReadOnlyList<BenchmarkRequest> Requests(int count) =>
        BenchmarkDatasets.Random(count, inputTokens: 24, outputTokens: OutputTokens, PromptTokenizer.FromGguf(SharedData.Model("stories260K.gguf")), seed: 3);

    [Fact]
    public async Task TwelveRequestsAtConcurrencyFour_AllMetricsPresentAndConsistent()
    {
        using var http = StreamingRequestSender.CreateHttpClient();
        var generator = new LoadGenerator(new StreamingRequestSender(http, Target()));
        var run = await generator.RunAsync(Requests(12), new LoadProfile(MaxConcurrency: 4));

        Assert.Equal(12, run.Results.Count);
        foreach (var r in run.Results)
        {
            Assert.True(r.Success, $"{r.FailureKind}: {r.FailureDetail}");
            Assert.True(r.UsageReported);
            Assert.Equal(OutputTokens, r.OutputTokens); // ignore_eos: exactly max_tokens
            Assert.Equal(OutputTokens - 1, r.InterTokenLatencies.Count); // one chunk per token
            Assert.InRange(r.TimeToFirstToken, 1e-6, r.Latency);
            Assert.All(r.InterTokenLatencies, gap => Assert.True(gap >= 0));
            // The gaps span first to last chunk, which lies within TTFT..end.
            Assert.True(r.InterTokenLatencies.Sum() <= r.Latency - r.TimeToFirstToken + 1e-9);
            Assert.InRange(r.PromptTokens, 20, 30); // the server's count of a ~24-token prompt
            Assert.False(string.IsNullOrEmpty(r.GeneratedText));
            Assert.True(r.StartOffset + r.Latency <= run.Duration + 1e-9);
        }
        Assert.True(MostInFlight(run.Results) <= 4, $"{MostInFlight(run.Results)} requests overlapped under a cap of 4");

        var metrics = BenchmarkMetrics.From(run, GoodputObjectives.Parse(["e2el:60000"]), [50, 99]);
        Assert.Equal(12, metrics.Completed);
        Assert.Equal(0, metrics.Failed);
        Assert.Equal(0, metrics.OutputLengthMismatches);
        Assert.Equal(12 * OutputTokens, metrics.TotalOutputTokens);
        Assert.Equal(metrics.TotalOutputTokens / run.Duration, metrics.OutputThroughput, 9);
        Assert.Equal(12 / run.Duration, metrics.RequestThroughput, 9);
        Assert.Equal(metrics.RequestThroughput, metrics.RequestGoodput!.Value, 9); // every request is under a minute
        Assert.InRange(metrics.TimeToFirstTokenMs.Mean, 1e-3, metrics.EndToEndLatencyMs.Mean);
        Assert.True(metrics.TimePerOutputTokenMs.Mean > 0);
        Assert.True(metrics.InterTokenLatencyMs.Percentiles[99] >= metrics.InterTokenLatencyMs.Median);
        Assert.Equal(metrics.EndToEndLatencyMs.Median, metrics.EndToEndLatencyMs.Percentiles[50], 9);
    }

    [Fact]
    public async Task ChatEndpoint_CountsContentChunks_AndExactLengths()
    {
        using var http = StreamingRequestSender.CreateHttpClient();
        var sender = new StreamingRequestSender(http, Target("/v1/chat/completions"));
        var run = await new LoadGenerator(sender).RunAsync(Requests(2), new LoadProfile());
        Assert.All(run.Results, r =>
        {
            Assert.True(r.Success, $"{r.FailureKind}: {r.FailureDetail}");
            Assert.Equal(OutputTokens, r.OutputTokens);
            Assert.Equal(OutputTokens - 1, r.InterTokenLatencies.Count); // the role-only first chunk is not a token
        });
    }

    [Fact]
    public async Task HttpErrors_AreFailuresWithReasons()
    {
        using var http = StreamingRequestSender.CreateHttpClient();
        var unknownModel = await new StreamingRequestSender(http, Target(model: "no-such-model")).SendAsync(Requests(1)[0], 0, CancellationToken.None);
        Assert.False(unknownModel.Success);
        Assert.Equal("HTTP 404", unknownModel.FailureKind);
        Assert.Contains("no-such-model", unknownModel.FailureDetail);

        var run = await new LoadGenerator(new StreamingRequestSender(http, Target(apiKey: "wrong"))).RunAsync(Requests(3), new LoadProfile(MaxConcurrency: 2));
        var metrics = BenchmarkMetrics.From(run, new GoodputObjectives(), [99]);
        Assert.Equal(0, metrics.Completed);
        Assert.Equal([KeyValuePair.Create("HTTP 401", 3)], metrics.FailureReasons);
        Assert.Equal(0, metrics.OutputThroughput);
    }

    [Fact]
    public async Task BaseUrlWithV1Suffix_IsAccepted()
    {
        using var http = StreamingRequestSender.CreateHttpClient();
        var target = Target() with { BaseUrl = server.BaseAddress + "/v1/" };
        Assert.Equal(new Uri(server.BaseAddress + "/v1/completions"), target.RequestUri);
        var result = await new StreamingRequestSender(http, target).SendAsync(Requests(1)[0], 0, CancellationToken.None);
        Assert.True(result.Success, result.FailureDetail);
    }

    // The most requests whose [start, end] intervals overlap at one moment.
    private static int MostInFlight(IReadOnlyList<RequestResult> results)
    {
        var events = results.SelectMany(r => new[] { (Time: r.StartOffset, Delta: 1), (Time: r.StartOffset + r.Latency, Delta: -1) })
                            .OrderBy(e => e.Time).ThenBy(e => e.Delta);
        int current = 0, most = 0;
        foreach (var e in events) most = Math.Max(most, current += e.Delta);
        return most;
    }
}
