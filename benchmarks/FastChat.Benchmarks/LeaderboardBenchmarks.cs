using BenchmarkDotNet.Attributes;
using FastChat.Arena.Battles;
using FastChat.Arena.Ratings;

namespace FastChat.Benchmarks;

/// <summary>
/// A full Bradley-Terry leaderboard (fit + 1,000 bootstrap rounds + intervals + ranks) and the online-Elo bootstrap
/// over 100,000 synthetic battles among 20 models. The BT bootstrap refits the ~1,100 distinct matchup rows per
/// round, so it should take about a second or less; the Elo bootstrap replays 10^8 battles.
/// </summary>
[MemoryDiagnoser]
public class LeaderboardBenchmarks
{
    private List<Battle> _battles = [];

    [Params(100_000)]
    public int Battles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var strengths = Enumerable.Range(0, 20).Select(i => 1300.0 - 20 * i).ToArray();
        _battles = new List<Battle>(Battles);
        for (var i = 0; i < Battles; i++)
        {
            var a = random.Next(strengths.Length);
            var b = (a + 1 + random.Next(strengths.Length - 1)) % strengths.Length;
            var pA = 1 / (1 + Math.Pow(10, (strengths[b] - strengths[a]) / 400));
            var winner = random.NextDouble() < 0.1 ? BattleWinner.Tie : random.NextDouble() < pA ? BattleWinner.ModelA : BattleWinner.ModelB;
            _battles.Add(new Battle($"model-{a}", $"model-{b}", winner));
        }
    }

    [Benchmark]
    public Leaderboard BradleyTerry1000Rounds() =>
        LeaderboardBuilder.Build(_battles, new LeaderboardOptions { Bootstrap = new BootstrapOptions { Rounds = 1000 } });

    [Benchmark]
    public Leaderboard Elo1000Rounds() =>
        LeaderboardBuilder.Build(_battles, new LeaderboardOptions { System = RatingSystem.Elo, Bootstrap = new BootstrapOptions { Rounds = 1000 } });
}
