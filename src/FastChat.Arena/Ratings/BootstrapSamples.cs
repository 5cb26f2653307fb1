namespace FastChat.Arena.Ratings;

/// <summary>Ratings from every bootstrap round: Rounds × Models, row-major, on the Elo scale.</summary>
public sealed class BootstrapSamples
{
    /// <summary>Wraps a rounds × models matrix.</summary>
    public BootstrapSamples(IReadOnlyList<string> models, double[] ratings, int rounds)
    {
        if (ratings.Length != rounds * models.Count) throw new ArgumentException("ratings must be rounds × models", nameof(ratings));
        Models = models;
        Ratings = ratings;
        Rounds = rounds;
    }

    /// <summary>Model names (columns).</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Row-major ratings.</summary>
    public double[] Ratings { get; }

    /// <summary>Number of rounds (rows).</summary>
    public int Rounds { get; }

    /// <summary>One model's ratings over all rounds.</summary>
    public double[] Column(int model)
    {
        var column = new double[Rounds];
        for (var r = 0; r < Rounds; r++) column[r] = Ratings[r * Models.Count + model];
        return column;
    }

    /// <summary>Quantile of one model's ratings, interpolated linearly between order statistics (pandas' default).</summary>
    public double Quantile(int model, double q) => Statistics.Quantile(Column(model), q);

    /// <summary>Sample variance (n - 1) of one model's ratings, as pandas' var.</summary>
    public double Variance(int model) => Statistics.Variance(Column(model));
}
