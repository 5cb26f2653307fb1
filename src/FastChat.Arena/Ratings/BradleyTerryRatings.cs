namespace FastChat.Arena.Ratings;

/// <summary>Bradley-Terry ratings on the Elo scale and their bootstrap (FastChat's compute_bt / compute_bootstrap_bt).</summary>
public static class BradleyTerryRatings
{
    /// <summary>Maximum-likelihood ratings of every model, on <paramref name="scale"/>.</summary>
    public static double[] Compute(IndexedBattles battles, RatingScale? scale = null)
    {
        scale ??= new RatingScale();
        var ratings = BradleyTerryFit.Fit(MatchupCounts.From(battles), Math.Log(scale.Base));
        scale.ToEloScale(ratings, battles.Models);
        return ratings;
    }

    /// <summary>
    /// Refits on <see cref="BootstrapOptions.Rounds"/> resamples of the battles (with replacement, same size). A resample
    /// is a multinomial draw of the matchup-row counts, made by drawing battles and counting their rows, so each round
    /// fits a handful of rows whatever the number of battles. Rounds run in parallel, warm-started at the full-data fit.
    /// </summary>
    public static BootstrapSamples Bootstrap(IndexedBattles battles, RatingScale? scale = null, BootstrapOptions? options = null,
                                             CancellationToken cancellationToken = default)
    {
        scale ??= new RatingScale();
        options ??= new BootstrapOptions();
        var rows = MatchupCounts.From(battles);
        var alpha = Math.Log(scale.Base);
        var start = BradleyTerryFit.Fit(rows, alpha);
        var models = battles.Models.Count;
        var result = new double[options.Rounds * models];
        Parallel.For(0, options.Rounds, options.ParallelOptions(cancellationToken),
            () => new double[rows.Rows],
            (round, _, counts) =>
            {
                Array.Clear(counts);
                var random = new BootstrapRandom(options.Seed, round);
                var n = battles.Count;
                var rowOfBattle = rows.RowOfBattle;
                for (var i = 0; i < n; i++) counts[rowOfBattle[random.Next(n)]]++;
                var ratings = BradleyTerryFit.Fit(rows, counts, alpha, start);
                scale.ToEloScale(ratings, battles.Models);
                ratings.CopyTo(result, round * models);
                return counts;
            },
            _ => { });
        return new BootstrapSamples(battles.Models, result, options.Rounds);
    }
}
