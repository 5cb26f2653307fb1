using System.CommandLine;
using System.Text.Json.Nodes;
using FastChat.Serving.LoadTesting;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat bench serve --base-url URL --model NAME [--dataset random|sharegpt.json] [--request-rate R] [--max-concurrency C]
/// [--sweep-concurrency 1,2,4,8] [--result-file out.json] [--plot out.png]`: vLLM benchmark_serving against any
/// OpenAI-compatible server: streamed requests timed for TTFT, TPOT, ITL and end-to-end latency, throughputs and
/// goodput, failures counted by reason; a sweep runs the same requests at several loads and charts them.
/// </summary>
public static class BenchServeCommand
{
    public static Command Create(CliContext context)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "Server root, e.g. http://127.0.0.1:8000", Required = true };
        var model = new Option<string>("--model") { Description = "Model name sent in the requests", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "/v1/completions or /v1/chat/completions", DefaultValueFactory = _ => "/v1/completions" };
        var dataset = new Option<string>("--dataset") { Description = "'random' or a ShareGPT JSON file", DefaultValueFactory = _ => "random" };
        var tokenizer = new Option<FileInfo?>("--tokenizer") { Description = "GGUF file whose vocabulary counts prompt tokens (default: estimate 4 bytes a token)" };
        var numPrompts = new Option<int>("--num-prompts") { Description = "Requests per run", DefaultValueFactory = _ => 100 };
        var rate = new Option<string>("--request-rate") { Description = "Poisson arrivals per second, or inf (all at once)", DefaultValueFactory = _ => "inf" };
        var concurrency = new Option<int?>("--max-concurrency") { Description = "Most requests in flight (default: unlimited)" };
        var inputLen = new Option<int>("--random-input-len") { Description = "Prompt tokens of random requests", DefaultValueFactory = _ => 128 };
        var outputLen = new Option<int>("--random-output-len") { Description = "Output tokens of random requests", DefaultValueFactory = _ => 128 };
        var rangeRatio = new Option<double>("--random-range-ratio") { Description = "Random lengths drawn from [L(1-r), L(1+r)]", DefaultValueFactory = _ => 0 };
        var sharegptOutput = new Option<int?>("--sharegpt-output-len") { Description = "Output tokens of every ShareGPT request (default: the answer's length)" };
        var maxTotal = new Option<int>("--max-total-len") { Description = "ShareGPT pairs longer than this (prompt + output tokens) are skipped", DefaultValueFactory = _ => 2048 };
        var ignoreEos = new Option<bool>("--ignore-eos") { Description = "Send ignore_eos and min_tokens so outputs have exactly the asked length" };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => 0 };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer key (default: $OPENAI_API_KEY)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the dataset sample and arrival times", DefaultValueFactory = _ => 0 };
        var goodput = new Option<string[]>("--goodput") { Description = "Goodput objectives in ms, e.g. ttft:500 tpot:50 e2el:5000", AllowMultipleArgumentsPerToken = true };
        var percentiles = new Option<string>("--percentiles") { Description = "Percentiles to report, e.g. 50,90,99", DefaultValueFactory = _ => "99" };
        var sweepConcurrency = new Option<string?>("--sweep-concurrency") { Description = "Run once per max concurrency, e.g. 1,2,4,8" };
        var sweepRate = new Option<string?>("--sweep-request-rate") { Description = "Run once per request rate, e.g. 1,2,4,inf" };
        var warmup = new Option<int>("--warmup") { Description = "Unmeasured requests sent one at a time first", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds before a request counts as a timeout failure", DefaultValueFactory = _ => 600 };
        var resultFile = new Option<FileInfo?>("--result-file") { Description = "Write the results as JSON (vLLM field names)" };
        var noDetails = new Option<bool>("--no-details") { Description = "Leave per-request arrays (ttfts, itls, texts, ...) out of the JSON" };
        var plot = new Option<FileInfo?>("--plot") { Description = "Write a PNG: metrics against load for a sweep, per-request latency over time otherwise" };
        var command = new Command("serve", "Benchmark an OpenAI-compatible server (vLLM benchmark_serving style)")
        {
            baseUrl, model, endpoint, dataset, tokenizer, numPrompts, rate, concurrency, inputLen, outputLen, rangeRatio, sharegptOutput, maxTotal,
            ignoreEos, temperature, apiKey, seed, goodput, percentiles, sweepConcurrency, sweepRate, warmup, timeout, resultFile, noDetails, plot,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            BenchServePlan plan;
            IReadOnlyList<BenchmarkRequest> requests;
            PromptTokenizer counter;
            try
            {
                plan = BenchServePlan.From(parseResult.GetValue(rate)!, parseResult.GetValue(concurrency), parseResult.GetValue(sweepConcurrency),
                                           parseResult.GetValue(sweepRate), parseResult.GetValue(seed));
                if (parseResult.GetValue(numPrompts) < 1) throw new ArgumentException("--num-prompts must be at least 1");
                if (parseResult.GetValue(timeout) is not > 0) throw new ArgumentException("--timeout must be positive");
                counter = parseResult.GetValue(tokenizer) is { } vocabulary ? PromptTokenizer.FromGguf(vocabulary.FullName) : PromptTokenizer.Estimate;
                var source = parseResult.GetValue(dataset)!;
                requests = source == "random"
                    ? BenchmarkDatasets.Random(parseResult.GetValue(numPrompts), parseResult.GetValue(inputLen), parseResult.GetValue(outputLen), counter,
                                               parseResult.GetValue(seed), parseResult.GetValue(rangeRatio))
                    : BenchmarkDatasets.ShareGpt(source, parseResult.GetValue(numPrompts), counter, parseResult.GetValue(seed),
                                                 parseResult.GetValue(sharegptOutput), parseResult.GetValue(maxTotal));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException or UnauthorizedAccessException
                                          or System.Text.Json.JsonException || ModelArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
            GoodputObjectives objectives;
            double[] reported;
            try
            {
                objectives = GoodputObjectives.Parse(parseResult.GetValue(goodput) ?? []);
                reported = BenchServePlan.ParseList(parseResult.GetValue(percentiles)!, "--percentiles", p => p is >= 0 and <= 100);
            }
            catch (FormatException e)
            {
                return context.Fail(e.Message);
            }

            var target = new LoadTestTarget
            {
                BaseUrl = parseResult.GetValue(baseUrl)!,
                Model = parseResult.GetValue(model)!,
                Endpoint = parseResult.GetValue(endpoint)!,
                ApiKey = parseResult.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
                IgnoreEos = parseResult.GetValue(ignoreEos),
                Temperature = parseResult.GetValue(temperature),
                RequestTimeout = TimeSpan.FromSeconds(parseResult.GetValue(timeout)),
            };
            if (!Uri.TryCreate(target.BaseUrl, UriKind.Absolute, out var parsedUrl) || parsedUrl.Scheme is not ("http" or "https"))
                return context.Fail($"--base-url must be an http(s) URL, not '{target.BaseUrl}'");

            using var http = StreamingRequestSender.CreateHttpClient();
            var benchmark = new ServingBenchmark(new StreamingRequestSender(http, target), objectives, reported);
            context.Error.WriteLine($"{requests.Count} requests ({parseResult.GetValue(dataset)}, prompt tokens {(counter.IsExact ? "counted" : "estimated")}) " +
                                    $"to {target.RequestUri} for model '{target.Model}'");
            var warmupFailures = await benchmark.WarmUpAsync(requests, Math.Max(0, parseResult.GetValue(warmup)), cancellationToken);
            foreach (var failure in warmupFailures)
                context.Error.WriteLine($"warning: warm-up request failed: {failure.FailureKind}: {failure.FailureDetail}");

            var points = await benchmark.RunAsync(requests, plan.Profiles,
                point => context.Error.WriteLine(BenchServeReport.ProgressLine(plan, point)), cancellationToken);

            if (plan.IsSweep) BenchServeReport.WriteSweep(context.Output, plan, points);
            else BenchServeReport.WriteRun(context.Output, points[0].Metrics, reported, objectives);

            var info = new Dictionary<string, JsonNode?>
            {
                ["backend"] = target.IsChat ? "openai-chat" : "openai",
                ["base_url"] = target.BaseUrl,
                ["endpoint"] = target.Endpoint,
                ["model_id"] = target.Model,
                ["tokenizer_id"] = parseResult.GetValue(tokenizer)?.FullName,
                ["dataset"] = parseResult.GetValue(dataset),
                ["ignore_eos"] = target.IgnoreEos,
                ["goodput"] = objectives.IsEmpty ? null : objectives.ToString(),
            };
            if (parseResult.GetValue(resultFile) is { } file)
            {
                var runs = points.Select(p => BenchmarkResultJson.Run(p.Run, p.Metrics, info, !parseResult.GetValue(noDetails))).ToList();
                JsonNode json = plan.IsSweep ? new JsonObject { ["sweep"] = plan.SweepName, ["runs"] = new JsonArray([.. runs]) } : runs[0];
                BenchmarkResultJson.Save(json, file.FullName);
                context.Error.WriteLine($"results written to {file.FullName}");
            }
            if (parseResult.GetValue(plot) is { } png)
            {
                var title = $"{target.Model} at {target.BaseUrl}";
                if (plan.IsSweep) BenchServeChart.SaveSweep(plan, points, title, png.FullName);
                else BenchServeChart.SaveTimeline(points[0].Run, title, png.FullName);
                context.Error.WriteLine($"chart written to {png.FullName}");
            }
            if (points.All(p => p.Metrics.Completed == 0))
            {
                context.Error.WriteLine("error: every request failed: " +
                                        string.Join(", ", points.SelectMany(p => p.Metrics.FailureReasons).GroupBy(p => p.Key).Select(g => $"{g.Key} x{g.Sum(p => p.Value)}")));
                return 1;
            }
            return 0;
        });
        return command;
    }
}
