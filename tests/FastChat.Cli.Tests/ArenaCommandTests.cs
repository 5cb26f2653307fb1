using System.Text.Json;
using FastChat.Tests;

namespace FastChat.Cli.Tests;

/// <summary>`fastchat arena leaderboard` on the real arena-hard battles: JSON output, plots, and bad input.</summary>
public sealed class ArenaCommandTests
{
    private static readonly string Battles = SharedData.Path("fastchat-data", "arena", "arena_hard_battles.jsonl");

    [Fact]
    public void LeaderboardRanksEveryModelWithIntervalsAroundTheRating()
    {
        var (exit, output, error) = CliRunner.Run("arena", "leaderboard", Battles, "--rounds", "50", "--threads", "1", "--format", "json");
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2136, json.GetProperty("num_battles").GetInt32());
        var rows = json.GetProperty("leaderboard").EnumerateArray().ToArray();
        Assert.Equal(5, rows.Length);
        Assert.All(rows, r =>
        {
            var rating = r.GetProperty("rating").GetDouble();
            Assert.InRange(rating, r.GetProperty("rating_q025").GetDouble(), r.GetProperty("rating_q975").GetDouble());
        });
        // Ratings are centred on 1000 and listed best first.
        Assert.Equal(1000, rows.Average(r => r.GetProperty("rating").GetDouble()), 6);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.GetProperty("rating").GetDouble() >= p.Second.GetProperty("rating").GetDouble()));
    }

    [Fact]
    public void PlotsAreWritten()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"fastchat-arena-{Guid.NewGuid():N}");
        try
        {
            var (exit, _, error) = CliRunner.Run("arena", "leaderboard", Battles, "--rounds", "20", "--threads", "1", "--plots", folder);
            Assert.True(exit == 0, error);
            foreach (var png in new[] { "win_fraction.png", "battle_count.png", "ratings.png" })
                Assert.True(new FileInfo(Path.Combine(folder, png)).Length > 1000, png);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MissingBattleFileIsAnInputError()
    {
        var (exit, _, error) = CliRunner.Run("arena", "leaderboard", "/no/such/battles.jsonl");
        Assert.Equal(2, exit);
        Assert.Contains("battles.jsonl", error);
    }
}
