using FastChat.Arena.Battles;

namespace FastChat.Arena.Tests;

/// <summary>Battles drawn from a known Bradley-Terry model (with ties), for recovery and speed tests.</summary>
internal static class SyntheticBattles
{
    /// <summary>
    /// <paramref name="count"/> battles between random pairs of models whose true Elo ratings are <paramref name="trueRatings"/>;
    /// a tie with probability <paramref name="tieRate"/>, otherwise A wins with the BT probability.
    /// </summary>
    public static List<Battle> Generate(IReadOnlyList<double> trueRatings, int count, int seed, double tieRate = 0.1)
    {
        var random = new Random(seed);
        var battles = new List<Battle>(count);
        for (var i = 0; i < count; i++)
        {
            var a = random.Next(trueRatings.Count);
            var b = random.Next(trueRatings.Count - 1);
            if (b >= a) b++;
            var pA = 1.0 / (1.0 + Math.Pow(10, (trueRatings[b] - trueRatings[a]) / 400));
            var winner = random.NextDouble() < tieRate ? BattleWinner.Tie : random.NextDouble() < pA ? BattleWinner.ModelA : BattleWinner.ModelB;
            battles.Add(new Battle(Name(a), Name(b), winner) { Timestamp = i });
        }
        return battles;
    }

    public static string Name(int model) => $"model-{model:D2}";
}
