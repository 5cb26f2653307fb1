using System.Globalization;
using FastChat.Serving.LoadTesting;

namespace FastChat.Cli.Commands;

/// <summary>`bench serve` text output: vLLM's result block for one run, a table for a sweep, a progress line per point.</summary>
internal static class BenchServeReport
{
    private const int Width = 50;

    /// <summary>vLLM benchmark_serving's "Serving Benchmark Result" block, plus failure reasons.</summary>
    public static void WriteRun(TextWriter output, BenchmarkMetrics m, IReadOnlyList<double> percentiles, GoodputObjectives objectives)
    {
        output.WriteLine(Title(" Serving Benchmark Result ", '='));
        Row(output, "Successful requests:", m.Completed);
        Row(output, "Failed requests:", m.Failed);
        foreach (var (reason, count) in m.FailureReasons) Row(output, $"  {reason}:", count);
        if (m.OutputLengthMismatches > 0) Row(output, "Outputs not of the asked length:", m.OutputLengthMismatches);
        Row(output, "Benchmark duration (s):", m.Duration);
        Row(output, "Total input tokens:", m.TotalInputTokens);
        Row(output, "Total generated tokens:", m.TotalOutputTokens);
        Row(output, "Request throughput (req/s):", m.RequestThroughput);
        if (m.RequestGoodput is { } goodput) Row(output, $"Request goodput (req/s) [{objectives}]:", goodput);
        Row(output, "Input token throughput (tok/s):", m.InputThroughput);
        Row(output, "Output token throughput (tok/s):", m.OutputThroughput);
        Row(output, "Total token throughput (tok/s):", m.TotalTokenThroughput);
        Section(output, "Time to First Token", "TTFT", m.TimeToFirstTokenMs, percentiles);
        Section(output, "Time per Output Token (excl. 1st token)", "TPOT", m.TimePerOutputTokenMs, percentiles);
        Section(output, "Inter-token Latency", "ITL", m.InterTokenLatencyMs, percentiles);
        Section(output, "End-to-end Latency", "E2EL", m.EndToEndLatencyMs, percentiles);
        output.WriteLine(new string('=', Width));
    }

    /// <summary>One row per load point: throughputs and the TTFT/TPOT/ITL/E2EL means and p99s (ms).</summary>
    public static void WriteSweep(TextWriter output, BenchServePlan plan, IReadOnlyList<LoadPointResult> points)
    {
        output.WriteLine($"| {plan.SweepName} | ok | failed | req/s | output tok/s | mean TTFT | p99 TTFT | mean TPOT | p99 TPOT | mean ITL | p99 ITL | mean E2EL | p99 E2EL |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (profile, m) in plan.Profiles.Zip(points.Select(p => p.Metrics)))
            output.WriteLine(string.Join(" | ", [
                "", Value(plan.SweepValue(profile)), m.Completed.ToString(CultureInfo.InvariantCulture), m.Failed.ToString(CultureInfo.InvariantCulture),
                F(m.RequestThroughput), F(m.OutputThroughput),
                F(m.TimeToFirstTokenMs.Mean), F(P99(m.TimeToFirstTokenMs)), F(m.TimePerOutputTokenMs.Mean), F(P99(m.TimePerOutputTokenMs)),
                F(m.InterTokenLatencyMs.Mean), F(P99(m.InterTokenLatencyMs)), F(m.EndToEndLatencyMs.Mean), F(P99(m.EndToEndLatencyMs)), "",
            ]).Trim());
        output.WriteLine("(latencies in ms; p99 is NaN when --percentiles leaves 99 out)");
    }

    /// <summary>A one-line summary of a finished load point (stderr progress).</summary>
    public static string ProgressLine(BenchServePlan plan, LoadPointResult point)
    {
        var m = point.Metrics;
        var load = plan.IsSweep ? $"{plan.SweepName} {Value(plan.SweepValue(point.Run.Profile))}: " : "";
        var failures = m.Failed == 0 ? "" : $" ({string.Join(", ", m.FailureReasons.Select(p => $"{p.Key} x{p.Value}"))})";
        return $"{load}{m.Completed} ok, {m.Failed} failed{failures} in {F(m.Duration)} s; output {F(m.OutputThroughput)} tok/s, " +
               $"TTFT mean {F(m.TimeToFirstTokenMs.Mean)} ms, TPOT mean {F(m.TimePerOutputTokenMs.Mean)} ms";
    }

    private static double P99(DistributionSummary s) => s.Percentiles.TryGetValue(99, out var v) ? v : double.NaN;

    private static void Section(TextWriter output, string title, string name, DistributionSummary s, IReadOnlyList<double> percentiles)
    {
        output.WriteLine(Title(title, '-'));
        Row(output, $"Mean {name} (ms):", s.Mean);
        Row(output, $"Median {name} (ms):", s.Median);
        Row(output, $"Std {name} (ms):", s.StandardDeviation);
        foreach (var p in percentiles) Row(output, $"P{BenchmarkResultJson.PercentileName(p)} {name} (ms):", s.Percentiles[p]);
    }

    private static string Title(string text, char fill)
    {
        var left = Math.Max(0, (Width - text.Length) / 2);
        return new string(fill, left) + text + new string(fill, Math.Max(0, Width - left - text.Length));
    }

    private static void Row(TextWriter output, string label, double value) => output.WriteLine($"{label,-40}{F(value),10}");

    private static void Row(TextWriter output, string label, long value) => output.WriteLine($"{label,-40}{value.ToString(CultureInfo.InvariantCulture),10}");

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Value(double value) => double.IsPositiveInfinity(value) ? "inf" : value.ToString("0.###", CultureInfo.InvariantCulture);
}
