using System.Net;
using System.Net.Sockets;
using FastChat.Serving.LoadTesting;
using FastChat.Tests;

namespace FastChat.Serving.Tests.LoadTesting;

/// <summary>Nothing listening at the URL: every request is a counted failure with a reason, never an exception.</summary>
public sealed class DeadServerTests
{
    [Fact]
    public async Task ClosedPort_GivesConnectionFailures()
    {
        using var http = StreamingRequestSender.CreateHttpClient();
        var sender = new StreamingRequestSender(http, new LoadTestTarget { BaseUrl = $"http://127.0.0.1:{LoopbackPorts.Closed()}", Model = "m", RequestTimeout = TimeSpan.FromSeconds(20) });
        var requests = Enumerable.Range(0, 5).Select(i => new BenchmarkRequest($"prompt {i}", 3, 8)).ToList();
        var run = await new LoadGenerator(sender).RunAsync(requests, new LoadProfile(RequestRate: 100, MaxConcurrency: 2, Seed: 1));

        Assert.All(run.Results, r =>
        {
            Assert.False(r.Success);
            Assert.Equal("connection", r.FailureKind);
            Assert.False(string.IsNullOrWhiteSpace(r.FailureDetail));
        });
        var metrics = BenchmarkMetrics.From(run, GoodputObjectives.Parse(["ttft:100"]), [99]);
        Assert.Equal(5, metrics.Failed);
        Assert.Equal([KeyValuePair.Create("connection", 5)], metrics.FailureReasons);
        Assert.Equal(0, metrics.RequestGoodput);
        Assert.Equal(0, metrics.TimeToFirstTokenMs.Percentiles[99]);
    }

    [Fact]
    public async Task RequestTimeout_IsAFailureNotAnException()
    {
        // A listener that accepts and never answers.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var http = StreamingRequestSender.CreateHttpClient();
        var sender = new StreamingRequestSender(http, new LoadTestTarget { BaseUrl = $"http://127.0.0.1:{port}", Model = "m", RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var result = await sender.SendAsync(new BenchmarkRequest("hi", 1, 4), 0, CancellationToken.None);
        Assert.False(result.Success);
        Assert.Equal("timeout", result.FailureKind);
        Assert.True(result.Latency >= 0.25);
    }
}
