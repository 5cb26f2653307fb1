using ScottPlot;

namespace FastChat.Data.Stats;

/// <summary>Draws the distribution of sample lengths (tokens) as a PNG bar chart.</summary>
public static class LengthHistogramPlot
{
    /// <summary>Writes a histogram of <paramref name="lengths"/> with <paramref name="bins"/> equal-width bins to <paramref name="path"/>.</summary>
    public static void Save(IReadOnlyList<int> lengths, string path, int bins = 32, int width = 800, int height = 500)
    {
        var plot = new Plot();
        var max = lengths.Count == 0 ? 1 : Math.Max(1, lengths.Max());
        var binWidth = Math.Max(1, (int)Math.Ceiling((double)(max + 1) / bins));
        var counts = new double[bins];
        foreach (var length in lengths) counts[Math.Min(bins - 1, length / binWidth)]++;
        var positions = Enumerable.Range(0, bins).Select(i => (i + 0.5) * binWidth).ToArray();
        var bars = plot.Add.Bars(positions, counts);
        foreach (var bar in bars.Bars) bar.Size = binWidth * 0.9;
        plot.Title($"Sample length ({lengths.Count} samples)");
        plot.XLabel("tokens per sample");
        plot.YLabel("samples");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, width, height);
    }
}
