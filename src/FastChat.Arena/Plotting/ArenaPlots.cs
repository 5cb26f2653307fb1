using System.Globalization;
using FastChat.Arena.Ratings;
using FastChat.Arena.Reporting;
using ScottPlot;

namespace FastChat.Arena.Plotting;

/// <summary>
/// PNG charts of FastChat's leaderboard page, drawn with ScottPlot: the win-fraction and battle-count heat maps
/// (model A rows, model B columns, value in each cell) and the ratings with their bootstrap intervals.
/// </summary>
public static class ArenaPlots
{
    /// <summary>Writes <paramref name="matrix"/> as an annotated heat map PNG.</summary>
    public static void SaveHeatmap(ModelMatrix matrix, string path, string valueFormat = "0.00", int pixels = 900)
    {
        var n = matrix.Models.Count;
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(matrix.Values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.LightGray;
        plot.Add.ColorBar(heatmap);
        // The heat map draws row 0 at the top: row i sits at y = n - 1 - i, column j at x = j.
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var value = matrix.Values[i, j];
                if (double.IsNaN(value)) continue;
                var label = plot.Add.Text(value.ToString(valueFormat, CultureInfo.InvariantCulture), j, n - 1 - i);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = Math.Clamp(200f / n, 8f, 16f);
                label.LabelFontColor = Colors.White;
                label.LabelBold = true;
            }
        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, matrix.Models.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 220; // room for the rotated model names
        plot.Axes.Left.SetTicks(positions, matrix.Models.Reverse().ToArray());
        plot.Title(matrix.Title);
        plot.XLabel("Model B");
        plot.YLabel("Model A");
        plot.SavePng(path, pixels + 200, pixels + 200);
    }

    /// <summary>Writes the leaderboard's ratings with their bootstrap intervals (error bars), best first.</summary>
    public static void SaveRatings(Leaderboard leaderboard, string path, int width = 1000, int height = 700)
    {
        var rows = leaderboard.Rows;
        var xs = Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray();
        var ys = rows.Select(r => r.Rating).ToArray();
        var plot = new Plot();
        var bars = plot.Add.ErrorBar(xs, ys, rows.Select(r => r.Upper - r.Rating).ToArray());
        bars.YErrorPositive = rows.Select(r => r.Upper - r.Rating).ToArray();
        bars.YErrorNegative = rows.Select(r => r.Rating - r.Lower).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 8;
        for (var i = 0; i < rows.Count; i++)
        {
            var label = plot.Add.Text(Math.Round(rows[i].Rating).ToString(CultureInfo.InvariantCulture), xs[i], rows[i].Upper);
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelFontSize = 12;
        }
        plot.Axes.Bottom.SetTicks(xs, rows.Select(r => r.Model).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 220;
        plot.Title($"Bootstrap of {(leaderboard.System == RatingSystem.Elo ? "Elo" : "Bradley-Terry")} ratings ({leaderboard.BootstrapRounds} rounds, 95% CI)");
        plot.XLabel("Model");
        plot.YLabel("Rating");
        plot.SavePng(path, width, height);
    }
}
