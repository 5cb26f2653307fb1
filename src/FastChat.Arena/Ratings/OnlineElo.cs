namespace FastChat.Arena.Ratings;

/// <summary>
/// Online Elo as FastChat's compute_elo: every model starts at InitRating and each battle, in order, moves
/// A by K * (S_A - E_A) and B by the opposite amount, with E_A = 1 / (1 + Base^((R_B - R_A) / Scale)).
/// </summary>
public static class OnlineElo
{
    /// <summary>FastChat's K factor.</summary>
    public const double DefaultK = 4.0;

    /// <summary>Replays the battles in order; returns one rating per model of <paramref name="battles"/>.</summary>
    public static double[] Compute(IndexedBattles battles, RatingScale? scale = null, double k = DefaultK)
    {
        scale ??= new RatingScale();
        var ratings = new double[battles.Models.Count];
        Array.Fill(ratings, scale.InitRating);
        var alpha = Math.Log(scale.Base) / scale.Scale;
        for (var i = 0; i < battles.Count; i++)
            Update(ratings, battles.ModelA[i], battles.ModelB[i], IndexedBattles.Score(battles.Outcome[i]), alpha, k);
        return ratings;
    }

    /// <summary>Replays the battles at <paramref name="order"/> (a bootstrap sample, in draw order) into <paramref name="ratings"/>.</summary>
    internal static void Replay(IndexedBattles battles, ReadOnlySpan<int> order, Span<double> ratings, double alpha, double k, double initRating)
    {
        ratings.Fill(initRating);
        foreach (var i in order)
            Update(ratings, battles.ModelA[i], battles.ModelB[i], IndexedBattles.Score(battles.Outcome[i]), alpha, k);
    }

    private static void Update(Span<double> ratings, int a, int b, double scoreA, double alpha, double k)
    {
        var expectedA = 1.0 / (1.0 + Math.Exp(alpha * (ratings[b] - ratings[a])));
        var update = k * (scoreA - expectedA);
        ratings[a] += update;
        ratings[b] -= update;
    }
}
