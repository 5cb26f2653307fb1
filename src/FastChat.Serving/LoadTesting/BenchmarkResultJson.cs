using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastChat.Serving.LoadTesting;

/// <summary>
/// A run as JSON with vLLM benchmark_serving's field names (duration, completed, total_input_tokens,
/// request_throughput, output_throughput, mean_ttft_ms, p99_tpot_ms, ..., ttfts and itls in seconds), plus
/// failed, failure_reasons and input_throughput, which vLLM does not write.
/// </summary>
public static class BenchmarkResultJson
{
    /// <summary>The JSON object of one run.</summary>
    /// <param name="run">The measured requests.</param>
    /// <param name="metrics">Their aggregate.</param>
    /// <param name="info">Run description written first (model_id, base_url, dataset, ...).</param>
    /// <param name="detailed">Also write per-request arrays (input_lens, output_lens, ttfts, itls, errors, generated_texts).</param>
    public static JsonObject Run(LoadRun run, BenchmarkMetrics metrics, IReadOnlyDictionary<string, JsonNode?> info, bool detailed = true)
    {
        var json = new JsonObject { ["date"] = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) };
        foreach (var (key, value) in info) json[key] = value?.DeepClone();
        json["num_prompts"] = run.Results.Count;
        json["request_rate"] = double.IsPositiveInfinity(run.Profile.RequestRate) ? "inf" : run.Profile.RequestRate;
        json["max_concurrency"] = run.Profile.MaxConcurrency;
        json["seed"] = run.Profile.Seed;
        json["duration"] = metrics.Duration;
        json["completed"] = metrics.Completed;
        json["failed"] = metrics.Failed;
        json["failure_reasons"] = new JsonObject(metrics.FailureReasons.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        json["output_len_mismatches"] = metrics.OutputLengthMismatches;
        json["total_input_tokens"] = metrics.TotalInputTokens;
        json["total_output_tokens"] = metrics.TotalOutputTokens;
        json["request_throughput"] = metrics.RequestThroughput;
        json["request_goodput"] = metrics.RequestGoodput;
        json["input_throughput"] = metrics.InputThroughput;
        json["output_throughput"] = metrics.OutputThroughput;
        json["total_token_throughput"] = metrics.TotalTokenThroughput;
        AddSummary(json, "ttft", metrics.TimeToFirstTokenMs);
        AddSummary(json, "tpot", metrics.TimePerOutputTokenMs);
        AddSummary(json, "itl", metrics.InterTokenLatencyMs);
        AddSummary(json, "e2el", metrics.EndToEndLatencyMs);
        if (!detailed) return json;
        var results = run.Results;
        json["input_lens"] = Array(results.Select(r => (JsonNode?)r.PromptTokens));
        json["output_lens"] = Array(results.Select(r => (JsonNode?)r.OutputTokens));
        json["ttfts"] = Array(results.Select(r => (JsonNode?)r.TimeToFirstToken));
        json["itls"] = Array(results.Select(r => (JsonNode?)Array(r.InterTokenLatencies.Select(g => (JsonNode?)g))));
        json["e2els"] = Array(results.Select(r => (JsonNode?)r.Latency));
        json["start_times"] = Array(results.Select(r => (JsonNode?)r.StartOffset));
        json["generated_texts"] = Array(results.Select(r => (JsonNode?)r.GeneratedText));
        json["errors"] = Array(results.Select(r => (JsonNode?)(r.Success ? "" : $"{r.FailureKind}: {r.FailureDetail}")));
        return json;
    }

    /// <summary>Writes <paramref name="json"/> indented to <paramref name="path"/>.</summary>
    public static void Save(JsonNode json, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    // mean_X_ms, median_X_ms, std_X_ms, pNN_X_ms (p99.9 written as p99.9, as vLLM does).
    private static void AddSummary(JsonObject json, string name, DistributionSummary summary)
    {
        json[$"mean_{name}_ms"] = summary.Mean;
        json[$"median_{name}_ms"] = summary.Median;
        json[$"std_{name}_ms"] = summary.StandardDeviation;
        foreach (var (percent, value) in summary.Percentiles)
            json[$"p{PercentileName(percent)}_{name}_ms"] = value;
    }

    /// <summary>99 → "99", 99.9 → "99.9".</summary>
    public static string PercentileName(double percent) => percent.ToString("0.###", CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);
}
