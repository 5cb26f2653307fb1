using System.Net;
using System.Text.Json;
using FastChat.Serving.Controller;
using FastChat.Serving.Hosting;
using FastChat.Serving.Worker;
using Microsoft.AspNetCore.Builder;

namespace FastChat.Serving.Tests;

/// <summary>Controller, two workers and an API server as separate Kestrel servers in this process.</summary>
[Collection(ServerCollection.Name)]
public sealed class TopologyTests(ServerFixture server)
{
    private static WebApplication Worker(ServerFixture server, string controller) =>
        ServingApplications.CreateModelServer(["http://127.0.0.1:0"], server.Model.Service, ServerFixture.ModelName,
            registration: new WorkerRegistrationOptions { ControllerAddress = controller, HeartbeatInterval = TimeSpan.FromMilliseconds(200) },
            logging: ServerFixture.Quiet);

    [Fact]
    public async Task KilledWorkerExpires_AndRequestsGoToTheLiveOne()
    {
        await using var controller = ServingApplications.CreateController(["http://127.0.0.1:0"],
            // 2 s against 200 ms heart beats: a live worker survives a loaded machine's scheduling stalls
            new ControllerOptions { HeartbeatExpiration = TimeSpan.FromSeconds(2) }, ServerFixture.Quiet);
        await controller.StartAsync();
        var controllerUrl = controller.BoundAddress();
        await using var workerA = Worker(server, controllerUrl);
        await using var workerB = Worker(server, controllerUrl);
        await workerA.StartAsync();
        await workerB.StartAsync();
        await using var api = ServingApplications.CreateApiServer(["http://127.0.0.1:0"], controllerUrl, logging: ServerFixture.Quiet);
        await api.StartAsync();
        using var http = new HttpClient();
        var registry = controller.Services.GetService(typeof(WorkerRegistry)) as WorkerRegistry;
        await WaitUntil(() => registry!.Snapshot().Count == 2);

        var models = await (await http.PostAsync(controllerUrl + "/list_models", null)).JsonAsync();
        Assert.Equal(ServerFixture.ModelName, models.GetProperty("models")[0].GetString());
        var chat = new { model = ServerFixture.ModelName, messages = new[] { new { role = "user", content = "Hello" } }, max_tokens = 8, temperature = 0 };
        var viaController = await (await http.PostJsonAsync(api.BoundAddress() + "/v1/chat/completions", chat)).JsonAsync();
        using var direct = server.CreateClient();
        var local = await (await direct.PostJsonAsync("/v1/chat/completions", chat)).JsonAsync();
        Assert.Equal(local.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
                     viaController.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        var killed = workerA.BoundAddress();
        await workerA.StopAsync(); // the worker dies: no more heart beats
        await WaitUntil(() => !registry!.Snapshot().ContainsKey(killed), TimeSpan.FromSeconds(10));
        for (var i = 0; i < 4; i++)
        {
            var address = await (await http.PostJsonAsync(controllerUrl + "/get_worker_address", new { model = ServerFixture.ModelName })).JsonAsync();
            Assert.Equal(workerB.BoundAddress(), address.GetProperty("address").GetString());
            var response = await http.PostJsonAsync(api.BoundAddress() + "/v1/completions", new { model = ServerFixture.ModelName, prompt = "Once", max_tokens = 4, stream = i % 2 == 0 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var missing = await http.PostJsonAsync(api.BoundAddress() + "/v1/chat/completions", new { model = "nope", messages = chat.messages });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await workerB.StopAsync();
        await api.StopAsync();
        await controller.StopAsync();
    }

    [Fact]
    public async Task WorkerProtocol_StreamsCumulativeNulSeparatedChunks()
    {
        using var http = server.CreateClient();
        var response = await http.PostJsonAsync("/worker_generate_stream", new { model = ServerFixture.ModelName, prompt = "Once upon a time", temperature = 0, max_new_tokens = 10, logprobs = 1, echo = false });
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(0, bytes[^1]);
        var chunks = System.Text.Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(c => JsonDocument.Parse(c).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal(0, c.GetProperty("error_code").GetInt32()));
        for (var i = 1; i < chunks.Count; i++)
            Assert.StartsWith(chunks[i - 1].GetProperty("text").GetString()!, chunks[i].GetProperty("text").GetString()!);
        var last = chunks[^1];
        Assert.Equal("length", last.GetProperty("finish_reason").GetString());
        Assert.Equal(10, last.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(10, last.GetProperty("logprobs").GetProperty("tokens").GetArrayLength());

        var overflow = await (await http.PostJsonAsync("/worker_generate", new { prompt = "Hi", max_new_tokens = 9000 })).JsonAsync();
        Assert.Equal(WorkerErrorCodes.ContextOverflow, overflow.GetProperty("error_code").GetInt32());
        var conv = await (await http.PostAsync("/worker_get_conv_template", null)).JsonAsync();
        Assert.Equal(1, conv.GetProperty("conv").GetProperty("sep_style").GetInt32()); // one_shot: ADD_COLON_SINGLE
        var count = await (await http.PostJsonAsync("/count_token", new { prompt = "Once upon a time" })).JsonAsync();
        Assert.True(count.GetProperty("count").GetInt32() > 1);
        var details = await (await http.PostAsync("/model_details", null)).JsonAsync();
        Assert.Equal(2048, details.GetProperty("context_length").GetInt32());
        var embeddings = await (await http.PostJsonAsync("/worker_get_embeddings", new { input = new[] { "a", "b" } })).JsonAsync();
        Assert.Equal(2, embeddings.GetProperty("embedding").GetArrayLength());
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true in time.");
            await Task.Delay(25);
        }
    }
}
