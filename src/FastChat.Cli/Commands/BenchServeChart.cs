using FastChat.Serving.LoadTesting;
using ScottPlot;

namespace FastChat.Cli.Commands;

/// <summary>`bench serve --plot` PNGs (ScottPlot): metrics against load for a sweep, per-request latencies over time for one run.</summary>
internal static class BenchServeChart
{
    /// <summary>Three panels against the swept load: TTFT, TPOT (mean, median, p99, ms) and output tokens/s.</summary>
    public static void SaveSweep(BenchServePlan plan, IReadOnlyList<LoadPointResult> points, string title, string path)
    {
        // Infinity (rate inf) cannot sit on an axis: draw it one step beyond the largest finite value.
        var raw = points.Select(p => plan.SweepValue(p.Run.Profile)).ToArray();
        var finiteMax = raw.Where(double.IsFinite).DefaultIfEmpty(1).Max();
        var xs = raw.Select(x => double.IsFinite(x) ? x : finiteMax * 2).ToArray();
        var xLabel = plan.SweepName == "max_concurrency" ? "max concurrency (streams)" : "request rate (req/s; inf drawn at 2x the largest)";
        var metrics = points.Select(p => p.Metrics).ToArray();

        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        LatencyPanel(multiplot.GetPlot(0), xs, metrics.Select(m => m.TimeToFirstTokenMs).ToArray(), "Time to first token (ms)", xLabel);
        LatencyPanel(multiplot.GetPlot(1), xs, metrics.Select(m => m.TimePerOutputTokenMs).ToArray(), "Time per output token (ms)", xLabel);
        var throughput = multiplot.GetPlot(2);
        var line = throughput.Add.Scatter(xs, metrics.Select(m => m.OutputThroughput).ToArray());
        line.LegendText = "output tok/s";
        line.MarkerSize = 8;
        throughput.Title("Output throughput (tok/s)");
        throughput.XLabel(xLabel);
        throughput.Axes.SetLimitsY(0, Math.Max(1, metrics.Max(m => m.OutputThroughput)) * 1.1);
        multiplot.GetPlot(0).Title($"{title}\nTime to first token (ms)");
        SaveMultiplot(multiplot, path, 1500, 500);
    }

    /// <summary>Each request's TTFT and end-to-end latency against when it was sent.</summary>
    public static void SaveTimeline(LoadRun run, string title, string path)
    {
        var ok = run.Results.Where(r => r.Success).ToArray();
        var plot = new Plot();
        var starts = ok.Select(r => r.StartOffset).ToArray();
        var e2e = plot.Add.ScatterPoints(starts, ok.Select(r => r.Latency * 1000).ToArray());
        e2e.LegendText = "end-to-end latency";
        var ttft = plot.Add.ScatterPoints(starts, ok.Select(r => r.TimeToFirstToken * 1000).ToArray());
        ttft.LegendText = "time to first token";
        plot.ShowLegend();
        plot.Title($"{title}: {ok.Length} requests, {run.Results.Count - ok.Length} failed");
        plot.XLabel("request sent at (s since start)");
        plot.YLabel("ms");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1000, 600);
    }

    private static void LatencyPanel(Plot plot, double[] xs, DistributionSummary[] summaries, string title, string xLabel)
    {
        void Series(string name, Func<DistributionSummary, double> value)
        {
            var scatter = plot.Add.Scatter(xs, summaries.Select(value).ToArray());
            scatter.LegendText = name;
            scatter.MarkerSize = 7;
        }
        Series("mean", s => s.Mean);
        Series("median", s => s.Median);
        if (summaries.All(s => s.Percentiles.ContainsKey(99))) Series("p99", s => s.Percentiles[99]);
        plot.ShowLegend(Edge.Right); // outside the data: p99 at low load sits top-left
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("ms");
        plot.Axes.SetLimitsY(0, Math.Max(1e-3, summaries.Max(s => Math.Max(s.Mean, s.Percentiles.GetValueOrDefault(99, s.Mean)))) * 1.15);
    }

    private static void SaveMultiplot(Multiplot multiplot, string path, int width, int height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, width, height);
    }
}
