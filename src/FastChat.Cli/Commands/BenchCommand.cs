using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FastChat.Engine.Benchmarking;
using FastChat.Engine.Models;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat bench -m MODEL -p 512 -n 128 [-d DEPTH] [-t THREADS] [-r REPS] [-np SEQS] [-o md|csv|json]`: llama-bench style
/// prompt-processing and generation tokens/s (mean ± std), with the measured memory bandwidth, the bytes each
/// generated token reads, the share of the bandwidth achieved, and the time spent outside native kernels.
/// </summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var model = new ModelArguments();
        var prompt = new Option<int>("--n-prompt", "-p") { Description = "Prompt tokens for the pp test (0 = skip)", DefaultValueFactory = _ => 512 };
        var generate = new Option<int>("--n-gen", "-n") { Description = "Generated tokens for the tg test (0 = skip)", DefaultValueFactory = _ => 128 };
        var depth = new Option<int>("--depth", "-d") { Description = "Tokens already in the cache before each test", DefaultValueFactory = _ => 0 };
        var reps = new Option<int>("--repetitions", "-r") { Description = "Timed repetitions per test", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch-size", "-b") { Description = "Tokens per prefill forward pass", DefaultValueFactory = _ => 512 };
        var parallel = new Option<int>("--parallel", "-np") { Description = "Sequences decoding together in the tg test (aggregate t/s)", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--output", "-o") { Description = "md, csv or json", DefaultValueFactory = _ => "md" };
        var command = new Command("bench", "Measure prompt processing and generation speed (llama-bench style)") { prompt, generate, depth, reps, batch, parallel, format };
        model.AddTo(command);
        command.Subcommands.Add(BenchServeCommand.Create(context)); // `bench serve`: load-test an OpenAI-compatible server
        command.SetAction(parseResult =>
        {
            try
            {
                var output = parseResult.GetValue(format);
                if (output is not ("md" or "csv" or "json")) return context.Fail($"--output must be md, csv or json, not '{output}'");
                using var llm = model.Load(parseResult);
                var residentAfterLoad = CurrentResidentBytes();
                var threads = parseResult.GetValue(model.Threads);
                var settings = new EngineBenchmarkSettings(parseResult.GetValue(prompt), parseResult.GetValue(generate),
                                                           parseResult.GetValue(depth), threads, Math.Max(1, parseResult.GetValue(reps)),
                                                           parseResult.GetValue(batch), parseResult.GetValue(parallel));
                if (settings.Parallel < 1) return context.Fail($"--parallel must be at least 1, not {settings.Parallel}");
                if (settings.Depth + Math.Max(settings.PromptTokens, settings.GeneratedTokens + 1) > llm.Config.ContextLength)
                    return context.Fail($"depth + test tokens exceed the context of {llm.Config.ContextLength}");
                context.Error.WriteLine($"measuring read bandwidth with {threads} thread(s)...");
                var bandwidth = MemoryBandwidthProbe.Measure(threads);
                var bench = new EngineBenchmark(llm, settings);
                using var ws = llm.CreateWorkspace(threads);
                var results = new List<BenchmarkResult>();
                if (settings.PromptTokens > 0) results.Add(bench.PromptProcessing(ws));
                if (settings.GeneratedTokens > 0) results.Add(bench.TokenGeneration(ws, () => MemoryBandwidthProbe.Measure(threads, passes: 3)));
                Write(context.Output, output!, llm, bandwidth, results);
                // Weights are read in place from the mapping: resident memory is the file (once touched) plus the KV cache.
                var kvBytes = (long)(settings.Depth + Math.Max(settings.PromptTokens, settings.GeneratedTokens)) * llm.CreateCache().BytesPerPosition;
                context.Error.WriteLine($"resident memory: {residentAfterLoad / 1e6:F0} MB after load, {CurrentResidentBytes() / 1e6:F0} MB after the tests " +
                                        $"(model file {llm.MappedBytes / 1e6:F0} MB of which {llm.RepackedBytes / 1e6:F1} MB repacked at load, " +
                                        $"KV cache of one test sequence up to {kvBytes / 1e6:F1} MB)");
                return 0;
            }
            catch (Exception e) when (ModelArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    /// <summary>The process's resident set (VmRSS), which counts mapped file pages once touched.</summary>
    private static long CurrentResidentBytes()
    {
        System.Diagnostics.Process.GetCurrentProcess().Refresh();
        return Environment.WorkingSet;
    }

    private static void Write(TextWriter output, string format, LlamaModel llm, double bandwidth, List<BenchmarkResult> results)
    {
        var name = Path.GetFileName(llm.Source);
        var size = $"{llm.MappedBytes / (double)(1 << 30):F2} GiB";
        string Cell(double? value, string fmt) => value is { } v ? v.ToString(fmt, CultureInfo.InvariantCulture) : "";
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    model = name,
                    model_bytes = llm.MappedBytes,
                    bandwidth_gbs = bandwidth,
                    tests = results.Select(r => new
                    {
                        test = r.Test, threads = r.Threads, depth = r.Depth, sequences = r.Sequences, tokens_per_second = r.Mean, std = r.StandardDeviation,
                        samples = r.TokensPerSecond, bytes_per_token = r.BytesPerToken, bandwidth_ratio = r.BandwidthRatio,
                        bandwidth_samples_gbs = r.BandwidthSamples, bandwidth_ratio_samples = r.RatioSamples,
                        overhead_fraction = r.OverheadFraction,
                    }),
                }));
                break;
            case "csv":
                output.WriteLine("model,size_bytes,threads,test,depth,sequences,tps_mean,tps_std,bytes_per_token,bandwidth_gbs,bandwidth_ratio,overhead_fraction");
                foreach (var r in results)
                    output.WriteLine(string.Join(',', name, llm.MappedBytes, r.Threads, r.Test, r.Depth, r.Sequences, Cell(r.Mean, "F3"), Cell(r.StandardDeviation, "F3"),
                                                 r.BytesPerToken?.ToString(CultureInfo.InvariantCulture) ?? "", Cell(r.BandwidthGBs ?? bandwidth, "F2"),
                                                 Cell(r.BandwidthRatio, "F4"), Cell(r.OverheadFraction, "F4")));
                break;
            default:
                output.WriteLine($"read bandwidth {bandwidth:F1} GB/s (best of 5 passes)" +
                                 string.Concat(results.Where(r => r.BandwidthSamples is { Count: > 0 }).Select(r =>
                                     $"; before each {r.Label} repetition {r.BandwidthSamples!.Min():F1}-{r.BandwidthSamples!.Max():F1} GB/s")));
                output.WriteLine();
                output.WriteLine("| model | size | threads | test | t/s | bytes/token | % of bandwidth | outside kernels |");
                output.WriteLine("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
                foreach (var r in results)
                {
                    var bytes = r.BytesPerToken is { } b ? $"{b / 1e6:F1} MB" : "";
                    var ratio = r.RatioSamples is { Count: > 0 } q
                        ? q.Count > 1 ? $"{q.Average() * 100:F1}% ({q.Min() * 100:F0}-{q.Max() * 100:F0}%)" : $"{q[0] * 100:F1}%"
                        : "";
                    var overhead = r.OverheadFraction is { } o ? $"{o * 100:F2}%" : "";
                    output.WriteLine($"| {name} | {size} | {r.Threads} | {r.Label} | {r.Mean:F2} ± {r.StandardDeviation:F2} | {bytes} | {ratio} | {overhead} |");
                }
                break;
        }
    }
}
