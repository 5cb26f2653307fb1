using System.Text.Json;
using FastChat.Engine.Scheduling;
using FastChat.Serving;
using FastChat.Serving.Hosting;
using FastChat.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat bench serve` against a real stories260K server on 127.0.0.1, a dead port, and bad arguments.</summary>
public sealed class BenchServeCommandTests : IAsyncLifetime
{
    private ServedModel _model = null!;
    private WebApplication _app = null!;
    private string _url = "";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"bench-serve-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        _model = ServedModel.Load(SharedData.Model("stories260K.gguf"), "stories", schedulerOptions: new SchedulerOptions { Threads = 2 });
        _app = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], _model.Service, _model.Name, new ServingOptions { ApiKeys = ["k"] },
                                                     logging: logging => logging.ClearProviders());
        await _app.StartAsync();
        _url = _app.BoundAddress();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _model.DisposeAsync();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Sweep_WritesTableJsonAndPng()
    {
        var json = Path.Combine(_dir, "sweep.json");
        var png = Path.Combine(_dir, "sweep.png");
        var (code, output, error) = CliRunner.Run("bench", "serve", "--base-url", _url, "--model", "stories", "--api-key", "k", "--num-prompts", "4",
            "--random-input-len", "16", "--random-output-len", "12", "--ignore-eos", "--sweep-concurrency", "1,2", "--result-file", json, "--plot", png);
        Assert.True(code == 0, error);
        Assert.Contains("| max_concurrency |", output);
        Assert.Contains("| 1 | 4 | 0 |", output);
        Assert.Contains("| 2 | 4 | 0 |", output);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("max_concurrency", document.RootElement.GetProperty("sweep").GetString());
        var runs = document.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([1, 2], runs.Select(r => r.GetProperty("max_concurrency").GetInt32()));
        Assert.All(runs, r =>
        {
            Assert.Equal(4, r.GetProperty("completed").GetInt32());
            Assert.Equal(48, r.GetProperty("total_output_tokens").GetInt64());
            Assert.Equal(0, r.GetProperty("output_len_mismatches").GetInt32());
            Assert.True(r.GetProperty("mean_tpot_ms").GetDouble() > 0);
            Assert.All(r.GetProperty("itls").EnumerateArray(), itl => Assert.Equal(11, itl.GetArrayLength()));
        });
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void SingleRun_OnShareGpt_PrintsVllmBlockWithGoodput()
    {
        var png = Path.Combine(_dir, "timeline.png");
        var (code, output, error) = CliRunner.Run("bench", "serve", "--base-url", _url + "/v1", "--model", "stories", "--api-key", "k",
            "--dataset", SharedData.Path("fastchat-data", "dummy_conversation.json"), "--tokenizer", SharedData.Model("stories260K.gguf"),
            "--sharegpt-output-len", "8", "--num-prompts", "6", "--request-rate", "50", "--seed", "3", "--ignore-eos",
            "--goodput", "ttft:60000", "e2el:60000", "--percentiles", "50,99", "--plot", png);
        Assert.True(code == 0, error);
        Assert.Matches(@"Successful requests:\s+6", output);
        Assert.Matches(@"Total generated tokens:\s+48", output);
        Assert.Matches(@"Request goodput \(req/s\) \[ttft:60000 e2el:60000\]:", output);
        Assert.Contains("P50 ITL (ms):", output);
        Assert.Contains("P99 E2EL (ms):", output);
        Assert.Contains("prompt tokens counted", error);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Fact]
    public void DeadServer_ExitsOneWithReasons_AndStillWritesResults()
    {
        var json = Path.Combine(_dir, "dead.json");
        var (code, output, error) = CliRunner.Run("bench", "serve", "--base-url", $"http://127.0.0.1:{LoopbackPorts.Closed()}", "--model", "m",
                                                  "--num-prompts", "3", "--warmup", "0", "--result-file", json);
        Assert.Equal(1, code);
        Assert.Matches(@"Failed requests:\s+3", output);
        Assert.Contains("every request failed: connection x3", error);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(3, document.RootElement.GetProperty("failure_reasons").GetProperty("connection").GetInt32());
        Assert.All(document.RootElement.GetProperty("errors").EnumerateArray(), e => Assert.StartsWith("connection: ", e.GetString()));
    }

    [Fact]
    public void WrongApiKey_IsCountedAsHttp401()
    {
        var (code, output, error) = CliRunner.Run("bench", "serve", "--base-url", _url, "--model", "stories", "--api-key", "wrong", "--num-prompts", "2", "--warmup", "0");
        Assert.Equal(1, code);
        Assert.Matches(@"HTTP 401:\s+2", output);
        Assert.Contains("HTTP 401 x2", error);
    }

    [Theory]
    [InlineData("--request-rate", "fast")]
    [InlineData("--max-concurrency", "0")]
    [InlineData("--goodput", "ttft=5")]
    [InlineData("--percentiles", "101")]
    [InlineData("--dataset", "/no/such/sharegpt.json")]
    [InlineData("--base-url", "ftp://host")]
    public void BadArguments_AreInputErrors(string option, string value)
    {
        var args = new List<string> { "bench", "serve", "--base-url", "http://127.0.0.1:9", "--model", "m", "--num-prompts", "2" };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value;
        else args.AddRange([option, value]);
        var (code, _, error) = CliRunner.Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains("error:", error);
    }

    [Fact]
    public void TwoSweeps_AreRefused()
    {
        var (code, _, error) = CliRunner.Run("bench", "serve", "--base-url", _url, "--model", "m", "--sweep-concurrency", "1,2", "--sweep-request-rate", "1,inf");
        Assert.Equal(2, code);
        Assert.Contains("not both", error);
    }
}
