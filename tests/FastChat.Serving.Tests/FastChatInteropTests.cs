using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FastChat.Serving.Controller;
using FastChat.Serving.Hosting;
using FastChat.Serving.Worker;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FastChat.Serving.Tests;

/// <summary>
/// Interop with FastChat's Python side, in real Python (standard library only, scripts in Interop/): a client that
/// calls our controller and worker exactly as FastChat's openai_api_server / controller / gradio code does, and a
/// FastChat-style Python model worker that our controller and API server must serve.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FastChatInteropTests(ServerFixture server, ITestOutputHelper output)
{
    private const string PythonModel = "py-vicuna";
    private const string PythonReply = "Hi! I am a FastChat Python worker.";

    [PythonFact]
    public async Task FastChatPythonClient_UsesOurControllerAndWorker()
    {
        await using var controller = ServingApplications.CreateController(["http://127.0.0.1:0"], logging: ServerFixture.Quiet);
        await controller.StartAsync();
        var controllerUrl = controller.BoundAddress();
        await using var worker = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], server.Model.Service, ServerFixture.ModelName,
            registration: new WorkerRegistrationOptions { ControllerAddress = controllerUrl, HeartbeatInterval = TimeSpan.FromSeconds(1) },
            logging: ServerFixture.Quiet);
        await worker.StartAsync();
        var registry = controller.Services.GetRequiredService<WorkerRegistry>();
        await WaitUntil(() => registry.Snapshot().ContainsKey(worker.BoundAddress()));

        await using var client = PythonProcess.Start("fastchat_client.py",
            "--controller", controllerUrl, "--model", ServerFixture.ModelName, "--worker", worker.BoundAddress());
        var exitCode = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(client.Output);
        Assert.True(exitCode == 0, $"fastchat_client.py exited with {exitCode}:\n{client.Output}");
        Assert.Contains("OK ", client.Output);

        await worker.StopAsync();
        await controller.StopAsync();
    }

    [PythonFact]
    public async Task OurApiServer_ServesAFastChatPythonWorker_UntilItDies()
    {
        await using var controller = ServingApplications.CreateController(["http://127.0.0.1:0"],
            new ControllerOptions { HeartbeatExpiration = TimeSpan.FromSeconds(2) }, ServerFixture.Quiet); // vs 0.2 s beats: survives load stalls
        await controller.StartAsync();
        var controllerUrl = controller.BoundAddress();
        var registry = controller.Services.GetRequiredService<WorkerRegistry>();
        await using var api = ServingApplications.CreateApiServer(["http://127.0.0.1:0"], controllerUrl, logging: ServerFixture.Quiet);
        await api.StartAsync();
        var apiUrl = api.BoundAddress();

        await using var python = PythonProcess.Start("fastchat_worker.py", "--controller", controllerUrl, "--model", PythonModel, "--heartbeat-interval", "0.2");
        var workerUrl = (await python.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))["READY ".Length..];
        await WaitUntil(() => registry.Snapshot().ContainsKey(workerUrl));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // Registered with FastChat's body (multimodal: false): a language model, visible through our API server.
        Assert.Contains(PythonModel, Strings((await (await http.PostAsync(controllerUrl + "/list_language_models", null)).JsonAsync()).GetProperty("models")));
        Assert.Empty(Strings((await (await http.PostAsync(controllerUrl + "/list_multimodal_models", null)).JsonAsync()).GetProperty("models")));
        var models = await (await http.GetAsync(apiUrl + "/v1/models")).JsonAsync();
        Assert.Contains(PythonModel, models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        // Chat: the prompt is built from the worker's vicuna_v1.1 template, as FastChat's get_gen_params builds it.
        object[] messages = [new { role = "system", content = "You are a test." }, new { role = "user", content = "Hello" }];
        var chat = await OkJsonAsync(await http.PostJsonAsync(apiUrl + "/v1/chat/completions", new { model = PythonModel, messages, max_tokens = 32, temperature = 0 }));
        var choice = chat.GetProperty("choices")[0];
        Assert.Equal(PythonReply, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(7, chat.GetProperty("usage").GetProperty("prompt_tokens").GetInt32()); // the worker counts words
        var sent = await LastParamsAsync(http, workerUrl);
        Assert.Equal("You are a test. USER: Hello ASSISTANT:", sent.GetProperty("prompt").GetString());
        Assert.Equal(PythonModel, sent.GetProperty("model").GetString());
        Assert.Equal(32, sent.GetProperty("max_new_tokens").GetInt32());
        Assert.Equal(0, sent.GetProperty("temperature").GetDouble());
        Assert.False(sent.GetProperty("echo").GetBoolean());

        // No max_tokens: max_new_tokens = context_length - prompt tokens, from model_details and count_token (check_length).
        await OkJsonAsync(await http.PostJsonAsync(apiUrl + "/v1/chat/completions", new { model = PythonModel, messages, temperature = 0 }));
        Assert.Equal(2048 - 7, (await LastParamsAsync(http, workerUrl)).GetProperty("max_new_tokens").GetInt32());

        // Streaming: the worker sends each \0-terminated chunk in two network writes; the deltas still add up.
        var stream = await http.PostJsonAsync(apiUrl + "/v1/chat/completions", new { model = PythonModel, messages, max_tokens = 32, temperature = 0, stream = true });
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var events = await stream.EventsAsync();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement).Where(c => c.GetProperty("choices").GetArrayLength() > 0).ToList();
        Assert.Equal(PythonReply, string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());

        // Completions: stop strings reach the worker (which cuts at them), echo and logprobs (its first token logprob is null).
        var stopped = await OkJsonAsync(await http.PostJsonAsync(apiUrl + "/v1/completions", new { model = PythonModel, prompt = "Say hi", max_tokens = 16, stop = "FastChat" }));
        Assert.Equal("Hi! I am a ", stopped.GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("stop", stopped.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(["FastChat"], Strings((await LastParamsAsync(http, workerUrl)).GetProperty("stop")));
        var echoedChoice = (await OkJsonAsync(await http.PostJsonAsync(apiUrl + "/v1/completions",
            new { model = PythonModel, prompt = "Say hi", max_tokens = 3, echo = true, logprobs = 1 }))).GetProperty("choices")[0];
        Assert.Equal("Say hiHi! I am", echoedChoice.GetProperty("text").GetString());
        Assert.Equal("length", echoedChoice.GetProperty("finish_reason").GetString());

        // Embeddings come from the worker's worker_get_embeddings.
        var embeddings = await OkJsonAsync(await http.PostJsonAsync(apiUrl + "/v1/embeddings", new { model = PythonModel, input = new[] { "a b", "hello" } }));
        Assert.Equal(2, embeddings.GetProperty("data").GetArrayLength());
        Assert.All(embeddings.GetProperty("data").EnumerateArray(), d =>
            Assert.Equal(1.0, Math.Sqrt(d.GetProperty("embedding").EnumerateArray().Sum(x => x.GetDouble() * x.GetDouble())), 3));

        // A controller that forgot the worker answers its next heart beat with exist: false; the worker registers again.
        registry.Remove(workerUrl);
        await WaitUntil(() => registry.Snapshot().ContainsKey(workerUrl));
        Assert.True(python.Lines.Count(l => l == "REGISTERED") >= 2, python.Output);

        // Killed, it stops beating and expires; our API server then no longer has the model.
        python.Kill();
        await WaitUntil(() => !registry.Snapshot().ContainsKey(workerUrl), TimeSpan.FromSeconds(5));
        var gone = await http.PostJsonAsync(apiUrl + "/v1/chat/completions", new { model = PythonModel, messages, max_tokens = 4 });
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        await api.StopAsync();
        await controller.StopAsync();
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private static async Task<JsonElement> LastParamsAsync(HttpClient http, string workerUrl) =>
        await (await http.PostAsync(workerUrl + "/test_last_params", null)).JsonAsync();

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];

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

/// <summary>A test that runs python3; skipped, saying why, when python3 is not on PATH.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (PythonProcess.Executable is null)
            Skip = "python3 is not on PATH: the FastChat interop tests run real Python (build/install-deps.sh installs it).";
    }
}

/// <summary>A python3 script from the Interop folder next to the test assembly, its output collected line by line.</summary>
internal sealed class PythonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private PythonProcess(Process process) => _process = process;

    /// <summary>python3 on PATH, or null.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "python3"))
        .FirstOrDefault(File.Exists);

    public static PythonProcess Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("python3 is not on PATH."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Interop", script));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        var python = new PythonProcess(new Process { StartInfo = info });
        python._process.OutputDataReceived += (_, e) => python.Add(e.Data);
        python._process.ErrorDataReceived += (_, e) => python.Add(e.Data);
        python._process.Start();
        python._process.BeginOutputReadLine();
        python._process.BeginErrorReadLine();
        return python;
    }

    /// <summary>Every line printed so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public string Output => string.Join('\n', Lines);

    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Lines.FirstOrDefault(match) is { } line) return line;
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"python3 did not print the expected line (exited: {_process.HasExited}):\n{Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>The exit code; kills the process and returns -1 when it runs past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return -1;
        }
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }
}
