using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FastChat.Arena.Ratings;

namespace FastChat.Arena.Reporting;

/// <summary>Renders leaderboards and model matrices as console text, markdown, CSV or JSON.</summary>
public static class LeaderboardWriter
{
    private static readonly string[] Header = ["rank", "model", "rating", "95% CI", "lower", "upper", "variance", "online_elo", "battles"];

    /// <summary>The leaderboard in <paramref name="format"/>.</summary>
    public static string Render(Leaderboard leaderboard, LeaderboardFormat format) => format switch
    {
        LeaderboardFormat.Json => Json(leaderboard),
        LeaderboardFormat.Csv => Csv(leaderboard),
        LeaderboardFormat.Markdown => Markdown(Header, Cells(leaderboard)),
        _ => Aligned(Header, Cells(leaderboard), textColumn: 1),
    };

    /// <summary>The matrix in <paramref name="format"/> (values to 2 decimals in text formats).</summary>
    public static string Render(ModelMatrix matrix, LeaderboardFormat format)
    {
        var header = new[] { "model_a \\ model_b" }.Concat(matrix.Models).ToArray();
        var cells = matrix.Models.Select((m, i) => new[] { m }.Concat(matrix.Models.Select((_, j) => Number(matrix.Values[i, j], "0.00"))).ToArray()).ToList();
        switch (format)
        {
            case LeaderboardFormat.Json:
                var obj = new JsonObject { ["title"] = matrix.Title, ["models"] = new JsonArray(matrix.Models.Select(m => (JsonNode?)m).ToArray()) };
                var rows = new JsonArray();
                for (var i = 0; i < matrix.Models.Count; i++)
                    rows.Add(new JsonArray(Enumerable.Range(0, matrix.Models.Count).Select(j => JsonNumber(matrix.Values[i, j])).ToArray()));
                obj["values"] = rows;
                return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            case LeaderboardFormat.Csv:
                var csv = new StringBuilder();
                csv.AppendLine(string.Join(',', header.Select(CsvField)));
                for (var i = 0; i < matrix.Models.Count; i++)
                    csv.AppendLine(string.Join(',', new[] { CsvField(matrix.Models[i]) }.Concat(
                        Enumerable.Range(0, matrix.Models.Count).Select(j => Number(matrix.Values[i, j], "R")))));
                return csv.ToString();
            case LeaderboardFormat.Markdown:
                return Markdown(header, cells);
            default:
                return matrix.Title + "\n" + Aligned(header, cells, textColumn: 0);
        }
    }

    private static List<string[]> Cells(Leaderboard leaderboard) => leaderboard.Rows.Select(r => new[]
    {
        r.Rank.ToString(CultureInfo.InvariantCulture), r.Model, Number(r.Rating, "0.0"),
        $"+{Number(r.Upper - r.Rating, "0.0")}/-{Number(r.Rating - r.Lower, "0.0")}",
        Number(r.Lower, "0.0"), Number(r.Upper, "0.0"), Number(r.Variance, "0.00"), Number(r.OnlineElo, "0.0"),
        r.Battles.ToString(CultureInfo.InvariantCulture),
    }).ToList();

    private static string Json(Leaderboard leaderboard)
    {
        var rows = new JsonArray();
        foreach (var r in leaderboard.Rows)
            rows.Add(new JsonObject
            {
                ["rank"] = r.Rank, ["model"] = r.Model, ["rating"] = JsonNumber(r.Rating),
                ["rating_q025"] = JsonNumber(r.Lower), ["rating_q975"] = JsonNumber(r.Upper),
                ["variance"] = JsonNumber(r.Variance), ["online_elo"] = JsonNumber(r.OnlineElo), ["num_battles"] = r.Battles,
            });
        var obj = new JsonObject
        {
            ["rating_system"] = leaderboard.System == RatingSystem.Elo ? "elo" : "bt",
            ["num_battles"] = leaderboard.BattleCount,
            ["bootstrap_rounds"] = leaderboard.BootstrapRounds,
            ["leaderboard"] = rows,
        };
        if (leaderboard.StyleCoefficients is { } beta)
        {
            var coefficients = new JsonObject();
            for (var i = 0; i < beta.Count; i++) coefficients[StyleFeatures.Names[i]] = JsonNumber(beta[i]);
            obj["style_coefficients"] = coefficients;
        }
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Csv(Leaderboard leaderboard)
    {
        var csv = new StringBuilder("rank,model,rating,rating_q025,rating_q975,variance,online_elo,num_battles\n");
        foreach (var r in leaderboard.Rows)
            csv.AppendLine(string.Join(',', r.Rank.ToString(CultureInfo.InvariantCulture), CsvField(r.Model), Number(r.Rating, "R"),
                Number(r.Lower, "R"), Number(r.Upper, "R"), Number(r.Variance, "R"), Number(r.OnlineElo, "R"), r.Battles.ToString(CultureInfo.InvariantCulture)));
        return csv.ToString();
    }

    private static string Markdown(string[] header, List<string[]> cells)
    {
        var md = new StringBuilder();
        md.AppendLine("| " + string.Join(" | ", header.Select(EscapeMarkdown)) + " |");
        md.AppendLine("|" + string.Concat(header.Select(_ => " --- |")));
        foreach (var row in cells) md.AppendLine("| " + string.Join(" | ", row.Select(EscapeMarkdown)) + " |");
        return md.ToString();
    }

    /// <summary>Columns padded to width: the text column left-aligned, numbers right-aligned.</summary>
    private static string Aligned(string[] header, List<string[]> cells, int textColumn)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] values) => text.AppendLine(string.Join("  ", values.Select((v, i) => i == textColumn ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in cells) Line(row);
        return text.ToString();
    }

    private static string Number(double value, string format) => double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

    private static JsonNode? JsonNumber(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string EscapeMarkdown(string value) => value.Replace("|", "\\|", StringComparison.Ordinal);
}
