using System.Net;
using System.Text;
using System.Text.Json;

namespace FastChat.Serving.Tests;

/// <summary>/v1/completions and chat features the SDK does not expose (n, json_object), over raw HTTP.</summary>
[Collection(ServerCollection.Name)]
public sealed class CompletionsTests(ServerFixture server)
{
    [Fact]
    public async Task Completion_StreamedEqualsWhole_WithUsageChunkAndDone()
    {
        using var client = server.CreateClient();
        var body = new { model = ServerFixture.ModelName, prompt = "Once upon a time", max_tokens = 20, temperature = 0 };
        var whole = await (await client.PostJsonAsync("/v1/completions", body)).JsonAsync();
        var text = whole.GetProperty("choices")[0].GetProperty("text").GetString();

        var streamed = await client.PostJsonAsync("/v1/completions", new
        {
            model = ServerFixture.ModelName, prompt = "Once upon a time", max_tokens = 20, temperature = 0,
            stream = true, stream_options = new { include_usage = true },
        });
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        var events = await streamed.EventsAsync();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        var joined = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
                                         .Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(text, joined);
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(whole.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Completion_LogprobsAndEcho()
    {
        using var client = server.CreateClient();
        var result = await (await client.PostJsonAsync("/v1/completions", new
        {
            model = ServerFixture.ModelName, prompt = "The cat", max_tokens = 5, temperature = 0, logprobs = 2, echo = true,
        })).JsonAsync();
        var choice = result.GetProperty("choices")[0];
        Assert.StartsWith("The cat", choice.GetProperty("text").GetString());
        var logprobs = choice.GetProperty("logprobs");
        Assert.Equal(logprobs.GetProperty("tokens").GetArrayLength(), logprobs.GetProperty("token_logprobs").GetArrayLength());
        Assert.Equal(2, logprobs.GetProperty("top_logprobs")[0].EnumerateObject().Count());
        Assert.Equal("The cat".Length, logprobs.GetProperty("text_offset")[0].GetInt32());
    }

    [Fact]
    public async Task N_GivesIndependentChoices_SeededReproducibly()
    {
        using var client = server.CreateClient();
        var body = new { model = ServerFixture.ModelName, messages = new[] { new { role = "user", content = "Tell me a story." } }, n = 3, max_tokens = 12, seed = 7, temperature = 1 };
        var a = await (await client.PostJsonAsync("/v1/chat/completions", body)).JsonAsync();
        var b = await (await client.PostJsonAsync("/v1/chat/completions", body)).JsonAsync();
        string[] Texts(JsonElement r) => [.. r.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("message").GetProperty("content").GetString()!)];
        Assert.Equal(3, Texts(a).Length);
        Assert.Equal(Texts(a), Texts(b));
        Assert.Equal([0, 1, 2], a.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("index").GetInt32()));
        Assert.True(Texts(a).Distinct().Count() > 1, "different seeds per choice should differ");

        var streamed = await client.PostJsonAsync("/v1/chat/completions", new { body.model, body.messages, n = 3, max_tokens = 12, seed = 7, temperature = 1, stream = true });
        var byIndex = new StringBuilder[3].Select(_ => new StringBuilder()).ToArray();
        foreach (var e in (await streamed.EventsAsync())[..^1])
        {
            var choice = JsonDocument.Parse(e).RootElement.GetProperty("choices")[0];
            if (choice.GetProperty("delta").TryGetProperty("content", out var content)) byIndex[choice.GetProperty("index").GetInt32()].Append(content.GetString());
        }
        Assert.Equal(Texts(a), byIndex.Select(s => s.ToString()));
    }

    [Fact]
    public async Task JsonObject_OutputIsJson()
    {
        using var client = server.CreateClient();
        var result = await (await client.PostJsonAsync("/v1/chat/completions", new
        {
            model = ServerFixture.ModelName, messages = new[] { new { role = "user", content = "Give me JSON." } },
            max_tokens = 200, temperature = 0.7, seed = 3, response_format = new { type = "json_object" },
        })).JsonAsync();
        var choice = result.GetProperty("choices")[0];
        var text = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.StartsWith("{", text.TrimStart());
        if (choice.GetProperty("finish_reason").GetString() == "stop")
            Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.ValueKind);
    }

    [Fact]
    public async Task SixteenParallelStreams_AllCompleteLikeSequentialOnes()
    {
        using var client = server.CreateClient();
        object Body(int i) => new { model = ServerFixture.ModelName, prompt = $"Story {i}: Once", max_tokens = 16, temperature = 0, stream = true };
        async Task<string> Run(int i)
        {
            var events = await (await client.PostJsonAsync("/v1/completions", Body(i))).EventsAsync();
            Assert.Equal("[DONE]", events[^1]);
            return string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()));
        }
        var parallel = await Task.WhenAll(Enumerable.Range(0, 16).Select(Run));
        Assert.Equal(await Run(3), parallel[3]);
        Assert.Equal(await Run(11), parallel[11]);
        Assert.All(parallel, t => Assert.False(string.IsNullOrEmpty(t)));
    }

    [Fact]
    public async Task ClientDisconnect_CancelsTheGeneration()
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model = ServerFixture.ModelName, prompt = "Once", max_tokens = 1500, stream = true, ignore_eos = true }),
                                        Encoding.UTF8, "application/json"),
        };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        await stream.ReadExactlyAsync(new byte[64]);
        response.Dispose(); // the client leaves
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Model.Service.Stats.RunningSequences > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(0, server.Model.Service.Stats.RunningSequences);
        Assert.Equal(0, server.Model.Service.Stats.KvBytesUsed);
    }

    [Fact]
    public async Task Metrics_CountRequestsAndTokens()
    {
        using var client = server.CreateClient();
        await client.PostJsonAsync("/v1/completions", new { model = ServerFixture.ModelName, prompt = "Hi", max_tokens = 4 });
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("fastchat_requests_total", metrics);
        Assert.Contains("fastchat_completion_tokens_total", metrics);
        Assert.Contains("fastchat_time_to_first_token_seconds_bucket", metrics);
        Assert.Contains("fastchat_queue_depth", metrics);
        Assert.Contains("fastchat_kv_cache_used_bytes", metrics);
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
