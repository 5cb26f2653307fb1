using FastChat.Arena.Battles;
using FastChat.Arena.Plotting;
using FastChat.Arena.Ratings;
using FastChat.Arena.Reporting;

namespace FastChat.Arena.Tests;

public sealed class ReportingTests
{
    private static readonly Lazy<Leaderboard> Board = new(() =>
        LeaderboardBuilder.Build(ArenaHardData.Battles, new LeaderboardOptions { Bootstrap = new BootstrapOptions { Rounds = 100 } }));

    [Fact]
    public void PairwiseTables_CountWinsBothWays_AndPredictedRatesAreComplementary()
    {
        List<Battle> battles =
        [
            new("a", "b", BattleWinner.ModelA), new("b", "a", BattleWinner.ModelA), new("b", "a", BattleWinner.ModelB), new("a", "b", BattleWinner.Tie),
        ];
        var fraction = PairwiseTables.WinFraction(battles, ["a", "b"]);
        Assert.Equal(2.0 / 3, fraction["a", "b"], 12);
        Assert.Equal(1.0 / 3, fraction["b", "a"], 12);
        Assert.True(double.IsNaN(fraction["a", "a"]));
        Assert.Equal(3, PairwiseTables.BattleCounts(battles, ["a", "b"])["a", "b"]);

        var predicted = PairwiseTables.PredictedWinRate(Board.Value);
        var models = predicted.Models;
        Assert.Equal(1.0, predicted[models[0], models[1]] + predicted[models[1], models[0]], 12);
        Assert.True(predicted[models[0], models[^1]] > 0.5);
    }

    [Fact]
    public void Leaderboard_RendersInEveryFormat()
    {
        var board = Board.Value;
        Assert.Equal("claude-3-5-sonnet-20240620", board.Rows[0].Model);
        var csv = LeaderboardWriter.Render(board, LeaderboardFormat.Csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, csv.Length);
        Assert.StartsWith("rank,model,rating", csv[0]);
        var json = System.Text.Json.Nodes.JsonNode.Parse(LeaderboardWriter.Render(board, LeaderboardFormat.Json))!;
        Assert.Equal(2136, (int)json["num_battles"]!);
        Assert.Equal(5, json["leaderboard"]!.AsArray().Count);
        Assert.Contains("| 1 | claude-3-5-sonnet-20240620 |", LeaderboardWriter.Render(board, LeaderboardFormat.Markdown));
        Assert.Contains("claude-3-haiku-20240307", LeaderboardWriter.Render(board, LeaderboardFormat.Console));
        foreach (var row in board.Rows) Assert.InRange(row.Rating, row.Lower, row.Upper);
    }

    [Fact]
    public void Plots_AreWrittenAsPng()
    {
        var directory = Directory.CreateTempSubdirectory("arena-plots");
        try
        {
            var board = Board.Value;
            var order = board.Rows.Select(r => r.Model).ToList();
            var noTies = ArenaHardData.Battles.Where(b => !b.Winner.IsTie()).ToList();
            var files = new[] { "win_fraction.png", "battle_count.png", "ratings.png" }.Select(f => Path.Combine(directory.FullName, f)).ToArray();
            ArenaPlots.SaveHeatmap(PairwiseTables.WinFraction(noTies, order), files[0]);
            ArenaPlots.SaveHeatmap(PairwiseTables.BattleCounts(noTies, order), files[1], "0");
            ArenaPlots.SaveRatings(board, files[2]);
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.Length > 10_000, $"{file}: {bytes.Length} bytes");
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            }
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
