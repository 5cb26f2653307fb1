using ScottPlot;

namespace FastChat.Evaluation.Charts;

/// <summary>PNG charts of per-category results (ScottPlot, rendered by SkiaSharp).</summary>
public static class CategoryChart
{
    /// <summary>
    /// A radar chart (FastChat's MT-bench figure): one spoke per category, one polygon per model.
    /// </summary>
    /// <param name="path">Where the PNG goes.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="categories">Spoke labels, in order.</param>
    /// <param name="series">Per model, one value per category (same order); missing values should be 0.</param>
    /// <param name="maxValue">The outer ring's value (10 for MT-bench scores).</param>
    public static void SaveRadar(string path, string title, IReadOnlyList<string> categories,
                                 IReadOnlyList<(string Model, double[] Values)> series, double maxValue, int width = 800, int height = 700)
    {
        Validate(categories, series);
        if (categories.Count < 3)
        {
            // A radar needs three spokes; fewer categories read better as bars.
            SaveBars(path, title, categories, series, maxValue, width, height);
            return;
        }
        var plot = new Plot();
        var values = new double[series.Count, categories.Count];
        for (var m = 0; m < series.Count; m++)
            for (var c = 0; c < categories.Count; c++) values[m, c] = series[m].Values[c];
        var radar = plot.Add.Radar(values);
        radar.PolarAxis.SetSpokes([.. categories], maxValue * 1.1);
        radar.PolarAxis.SetCircles(maxValue, 5);
        for (var m = 0; m < series.Count; m++)
        {
            var color = plot.Add.Palette.GetColor(m);
            radar.Series[m].LegendText = series[m].Model;
            radar.Series[m].LineColor = color;
            radar.Series[m].FillColor = color.WithAlpha(0.15);
        }
        plot.HideGrid(); // the radar draws its own rings
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Frameless(true); // no axis frame or ticks, the title stays
        plot.Axes.SquareUnits();
        EnsureDirectory(path);
        plot.SavePng(path, width, height);
    }

    /// <summary>Grouped bars: one group per category, one bar per model.</summary>
    public static void SaveBars(string path, string title, IReadOnlyList<string> categories,
                                IReadOnlyList<(string Model, double[] Values)> series, double maxValue, int width = 1000, int height = 500)
    {
        Validate(categories, series);
        var plot = new Plot();
        var groupWidth = series.Count + 1.0;
        for (var m = 0; m < series.Count; m++)
        {
            var color = plot.Add.Palette.GetColor(m);
            var bars = Enumerable.Range(0, categories.Count)
                                 .Select(c => new Bar { Position = c * groupWidth + m, Value = series[m].Values[c], FillColor = color, Size = 0.9 })
                                 .ToArray();
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[m].Model;
        }
        var ticks = Enumerable.Range(0, categories.Count).Select(c => c * groupWidth + (series.Count - 1) / 2.0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. categories]);
        plot.Axes.SetLimitsY(0, maxValue * 1.05);
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        EnsureDirectory(path);
        plot.SavePng(path, width, height);
    }

    private static void Validate(IReadOnlyList<string> categories, IReadOnlyList<(string Model, double[] Values)> series)
    {
        if (categories.Count == 0) throw new ArgumentException("no categories to chart", nameof(categories));
        if (series.Count == 0) throw new ArgumentException("no models to chart", nameof(series));
        foreach (var (model, values) in series)
            if (values.Length != categories.Count) throw new ArgumentException($"model '{model}' has {values.Length} values for {categories.Count} categories", nameof(series));
    }

    private static void EnsureDirectory(string path) => Data.JsonLines.EnsureDirectory(path);
}
