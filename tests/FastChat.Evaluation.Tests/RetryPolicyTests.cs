using System.ClientModel;
using FastChat.Evaluation.Endpoints;

namespace FastChat.Evaluation.Tests;

public sealed class RetryPolicyTests
{
    private static RetryPolicy Recording(List<TimeSpan> waits, int attempts = 4) => new()
    {
        MaxAttempts = attempts,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(3),
        Jitter = 0,
        Delay = (wait, _) => { waits.Add(wait); return Task.CompletedTask; },
    };

    [Fact]
    public async Task TransientFailures_AreRetriedWithDoublingCappedWaits()
    {
        var waits = new List<TimeSpan>();
        var calls = 0;
        var result = await Recording(waits, attempts: 5).ExecuteAsync(_ =>
            ++calls < 4 ? throw new HttpRequestException("connection refused") : Task.FromResult("ok"), CancellationToken.None);
        Assert.Equal("ok", result);
        Assert.Equal(4, calls);
        Assert.Equal([1.0, 2.0, 3.0], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task ExhaustedRetries_ReportAttemptsAndTheLastError()
    {
        var waits = new List<TimeSpan>();
        var e = await Assert.ThrowsAsync<RetryExhaustedException>(() =>
            Recording(waits).ExecuteAsync<string>(_ => throw new TimeoutException("slow"), CancellationToken.None));
        Assert.Equal(4, e.Attempts);
        Assert.Equal(3, waits.Count);
        Assert.Contains("TimeoutException: slow", e.Message);
    }

    [Fact]
    public async Task PermanentErrors_FailAtOnce()
    {
        var waits = new List<TimeSpan>();
        var e = await Assert.ThrowsAsync<RetryExhaustedException>(() =>
            Recording(waits).ExecuteAsync<string>(_ => throw new ArgumentException("bad"), CancellationToken.None));
        Assert.Equal(1, e.Attempts);
        Assert.Empty(waits);
    }

    [Fact]
    public async Task Jitter_StaysWithinItsBand()
    {
        var waits = new List<TimeSpan>();
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromSeconds(2), Jitter = 0.25, MaxAttempts = 200, Delay = (w, _) => { waits.Add(w); return Task.CompletedTask; } };
        await Assert.ThrowsAsync<RetryExhaustedException>(() => policy.ExecuteAsync<int>(_ => throw new IOException(), CancellationToken.None));
        Assert.Equal(2.0, policy.NominalDelay(1).TotalSeconds);
        Assert.All(waits.Take(1), w => Assert.InRange(w.TotalSeconds, 1.5, 2.5));
        Assert.All(waits.Skip(10), w => Assert.InRange(w.TotalSeconds, 22.5, 37.5)); // capped at 30 s
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(429, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    public void HttpStatuses_AreClassified(int status, bool transient) =>
        Assert.Equal(transient, RetryPolicy.IsTransient(new ClientResultException("x", new FakeResponse(status))));

    /// <summary>Only carries a status code (ClientResultException reads nothing else here).</summary>
    private sealed class FakeResponse(int status) : System.ClientModel.Primitives.PipelineResponse
    {
        public override int Status => status;
        public override string ReasonPhrase => "";
        public override Stream? ContentStream { get; set; }
        public override BinaryData Content => BinaryData.FromString("");
        protected override System.ClientModel.Primitives.PipelineResponseHeaders HeadersCore => throw new NotSupportedException();
        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => Content;
        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Content);
        public override void Dispose() { }
    }
}
