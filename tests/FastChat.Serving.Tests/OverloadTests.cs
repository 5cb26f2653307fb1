using System.Net;
using FastChat.Engine.Scheduling;
using FastChat.Serving.Hosting;
using FastChat.Tests;

namespace FastChat.Serving.Tests;

/// <summary>A full queue is refused with 429 (the queue is bounded), never waited on without limit.</summary>
public sealed class OverloadTests
{
    [Fact]
    public async Task FullQueue_Is429()
    {
        await using var model = ServedModel.Load(SharedData.Model("stories260K.gguf"), "m",
            schedulerOptions: new SchedulerOptions { Threads = 1, MaxRunningSequences = 1, MaxQueuedRequests = 1 });
        await using var app = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], model.Service, "m", logging: ServerFixture.Quiet);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.BoundAddress()) };
        var body = new { model = "m", prompt = "Once", max_tokens = 40, ignore_eos = true };
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostJsonAsync("/v1/completions", body)));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("server_overloaded", (await refused.JsonAsync()).GetProperty("error").GetProperty("type").GetString());
        await app.StopAsync();
    }
}
