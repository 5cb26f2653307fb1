namespace FastChat.Arena.Ratings;

/// <summary>One model's line: rating, bootstrap interval and variance, online Elo, battles and rank.</summary>
public sealed record LeaderboardRow(string Model, double Rating, double Lower, double Upper, double Variance, double OnlineElo, int Battles, int Rank);

/// <summary>A computed leaderboard, best first, with what it was computed from.</summary>
public sealed record Leaderboard(IReadOnlyList<LeaderboardRow> Rows, RatingSystem System, int BattleCount, int BootstrapRounds)
{
    /// <summary>Style coefficients β (length, headers, lists, bold) when style control was on.</summary>
    public IReadOnlyList<double>? StyleCoefficients { get; init; }

    /// <summary>Bootstrap ratings behind the intervals.</summary>
    public BootstrapSamples? Samples { get; init; }

    /// <summary>
    /// FastChat's rank: 1 + the number of models whose lower bound is above this model's upper bound, so models whose
    /// intervals overlap share a rank.
    /// </summary>
    public static int[] Ranks(IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        var ranks = new int[lower.Count];
        for (var i = 0; i < ranks.Length; i++)
        {
            ranks[i] = 1;
            for (var j = 0; j < ranks.Length; j++)
                if (j != i && lower[j] > upper[i]) ranks[i]++;
        }
        return ranks;
    }
}
