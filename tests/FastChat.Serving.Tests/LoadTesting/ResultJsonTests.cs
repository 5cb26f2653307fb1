using System.Text.Json.Nodes;
using FastChat.Serving.LoadTesting;

namespace FastChat.Serving.Tests.LoadTesting;

/// <summary>The result file uses vLLM's field names and units (ms summaries, seconds per request).</summary>
public sealed class ResultJsonTests
{
    [Fact]
    public void Run_WritesVllmFieldNames()
    {
        var ok = new RequestResult
        {
            Success = true, TimeToFirstToken = 0.05, Latency = 0.25, OutputTokens = 3, RequestedOutputTokens = 3, PromptTokens = 4,
            InterTokenLatencies = [0.1, 0.1], GeneratedText = "abc", UsageReported = true,
        };
        var failed = RequestResult.Failed("HTTP 503", "down", new BenchmarkRequest("p", 2, 3), 0.5, 0.01);
        var run = new LoadRun([ok, failed], 1, new LoadProfile(MaxConcurrency: 2));
        var metrics = BenchmarkMetrics.From(run, new GoodputObjectives(), [99, 99.9]);
        var json = BenchmarkResultJson.Run(run, metrics, new Dictionary<string, JsonNode?> { ["model_id"] = "m" });

        Assert.Equal("m", (string?)json["model_id"]);
        Assert.Equal("inf", (string?)json["request_rate"]);
        Assert.Equal(2, (int?)json["max_concurrency"]);
        Assert.Equal(1, (int?)json["completed"]);
        Assert.Equal(1, (int?)json["failure_reasons"]!["HTTP 503"]);
        Assert.Equal(3, (long?)json["total_output_tokens"]);
        Assert.Equal(50, (double)json["mean_ttft_ms"]!, 9);
        Assert.Equal(100, (double)json["p99_tpot_ms"]!, 9);
        Assert.NotNull(json["p99.9_itl_ms"]);
        Assert.Equal(250, (double)json["median_e2el_ms"]!, 9);
        Assert.Null(json["request_goodput"]);
        Assert.Equal(0.05, (double)json["ttfts"]![0]!, 12);
        Assert.Equal(2, json["itls"]![0]!.AsArray().Count);
        Assert.Equal("HTTP 503: down", (string?)json["errors"]![1]);
        Assert.Equal("abc", (string?)json["generated_texts"]![0]);
    }
}
