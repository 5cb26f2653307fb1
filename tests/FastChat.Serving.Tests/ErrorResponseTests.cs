using System.Net;
using System.Text;
using System.Text.Json;

namespace FastChat.Serving.Tests;

/// <summary>Each error case returns its status and an OpenAI-shaped body.</summary>
[Collection(ServerCollection.Name)]
public sealed class ErrorResponseTests(ServerFixture server)
{
    private static readonly object[] Messages = [new { role = "user", content = "Hi" }];

    private static async Task<JsonElement> AssertError(HttpResponseMessage response, HttpStatusCode status, string? param = null, string? code = null)
    {
        Assert.Equal(status, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error");
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        Assert.True(error.TryGetProperty("param", out var p));
        Assert.True(error.TryGetProperty("code", out var c));
        if (param is not null) Assert.Equal(param, p.GetString());
        if (code is not null) Assert.Equal(code, c.GetString());
        return error;
    }

    [Theory]
    [InlineData("temperature", 3.5)]
    [InlineData("top_p", 0)]
    [InlineData("presence_penalty", -5)]
    [InlineData("n", 0)]
    [InlineData("max_tokens", 0)]
    [InlineData("top_logprobs", 3)] // without logprobs: true
    public async Task InvalidParameter_Is400NamingIt(string name, double value)
    {
        using var client = server.CreateClient();
        var body = new Dictionary<string, object> { ["model"] = ServerFixture.ModelName, ["messages"] = Messages, [name] = value };
        await AssertError(await client.PostJsonAsync("/v1/chat/completions", body), HttpStatusCode.BadRequest, name);
    }

    [Fact]
    public async Task WrongType_UnknownFieldsIgnored()
    {
        using var client = server.CreateClient();
        await AssertError(await client.PostJsonAsync("/v1/chat/completions", new { model = ServerFixture.ModelName, messages = Messages, temperature = "hot" }),
                          HttpStatusCode.BadRequest, "temperature");
        var ok = await client.PostJsonAsync("/v1/chat/completions", new { model = ServerFixture.ModelName, messages = Messages, max_tokens = 2, frobnicate = true, user = "u1" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task LogitBiasOutsideVocabulary_Is400()
    {
        using var client = server.CreateClient();
        var body = new { model = ServerFixture.ModelName, messages = Messages, logit_bias = new Dictionary<string, int> { ["99999"] = 5 } };
        await AssertError(await client.PostJsonAsync("/v1/chat/completions", body), HttpStatusCode.BadRequest, "logit_bias");
    }

    [Fact]
    public async Task ContextOverflow_Is400WithCode()
    {
        using var client = server.CreateClient();
        await AssertError(await client.PostJsonAsync("/v1/completions", new { model = ServerFixture.ModelName, prompt = "Hi", max_tokens = 5000 }),
                          HttpStatusCode.BadRequest, code: "context_length_exceeded");
        var longPrompt = string.Join(' ', Enumerable.Repeat("cat dog", 1500));
        await AssertError(await client.PostJsonAsync("/v1/completions", new { model = ServerFixture.ModelName, prompt = longPrompt, stream = true }),
                          HttpStatusCode.BadRequest, code: "context_length_exceeded");
    }

    [Fact]
    public async Task MissingOrWrongApiKey_Is401()
    {
        using var anonymous = server.CreateClient(authorized: false);
        await AssertError(await anonymous.GetAsync("/v1/models"), HttpStatusCode.Unauthorized, code: "invalid_api_key");
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        await AssertError(await anonymous.PostJsonAsync("/v1/chat/completions", new { model = ServerFixture.ModelName, messages = Messages }),
                          HttpStatusCode.Unauthorized, code: "invalid_api_key");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task UnknownModel_Is404()
    {
        using var client = server.CreateClient();
        await AssertError(await client.PostJsonAsync("/v1/chat/completions", new { model = "gpt-17", messages = Messages }),
                          HttpStatusCode.NotFound, "model", "model_not_found");
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        using var client = server.CreateClient();
        var huge = new string('a', (int)ServerFixture.BodyLimit + 10);
        await AssertError(await client.PostJsonAsync("/v1/completions", new { model = ServerFixture.ModelName, prompt = huge }),
                          HttpStatusCode.RequestEntityTooLarge);
        // Chunked (no Content-Length): Kestrel's limit trips while reading.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"model\":\"x\",\"prompt\":\"{huge}\"}}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await AssertError(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task MalformedJsonAndMissingFields_Are400()
    {
        using var client = server.CreateClient();
        var bad = await client.PostAsync("/v1/chat/completions", new StringContent("{not json", Encoding.UTF8, "application/json"));
        await AssertError(bad, HttpStatusCode.BadRequest);
        await AssertError(await client.PostJsonAsync("/v1/chat/completions", new { messages = Messages }), HttpStatusCode.BadRequest, "model");
        await AssertError(await client.PostJsonAsync("/v1/chat/completions", new { model = ServerFixture.ModelName, messages = Array.Empty<object>() }),
                          HttpStatusCode.BadRequest, "messages");
    }
}
