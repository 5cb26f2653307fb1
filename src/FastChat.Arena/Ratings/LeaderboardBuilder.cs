using FastChat.Arena.Battles;

namespace FastChat.Arena.Ratings;

/// <summary>
/// Computes a leaderboard as FastChat's report_elo_analysis_results: online Elo in order, then either Bradley-Terry
/// (rating = full-data fit, interval = bootstrap quantiles) or Elo (rating = bootstrap median), optionally
/// style-controlled, ranked by non-overlapping intervals.
/// </summary>
public static class LeaderboardBuilder
{
    /// <summary>Rates <paramref name="battles"/> (already filtered and in the order to replay).</summary>
    /// <exception cref="ArenaException">There are no battles.</exception>
    public static Leaderboard Build(IReadOnlyList<Battle> battles, LeaderboardOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LeaderboardOptions();
        if (battles.Count == 0) throw new ArenaException("no battles to rate (check the filters)");
        var indexed = IndexedBattles.From(battles);
        var online = OnlineElo.Compute(indexed, options.Scale, options.K);
        double[] central;
        BootstrapSamples samples;
        double[]? coefficients = null;
        if (options.System == RatingSystem.Elo)
        {
            samples = EloBootstrap.Run(indexed, options.Scale, options.Bootstrap, options.K, cancellationToken);
            central = Enumerable.Range(0, indexed.Models.Count).Select(m => samples.Quantile(m, 0.5)).ToArray();
        }
        else if (options.StyleControl)
        {
            var fit = StyleControlRatings.Compute(battles, indexed, options.Scale, tokenCounter: options.TokenCounter);
            (samples, _) = StyleControlRatings.Bootstrap(battles, indexed, options.Scale, options.Bootstrap,
                tokenCounter: options.TokenCounter, cancellationToken: cancellationToken);
            central = fit.Ratings;
            coefficients = fit.Coefficients;
        }
        else
        {
            central = BradleyTerryRatings.Compute(indexed, options.Scale);
            samples = BradleyTerryRatings.Bootstrap(indexed, options.Scale, options.Bootstrap, cancellationToken);
        }

        var models = indexed.Models.Count;
        var lower = new double[models];
        var upper = new double[models];
        for (var m = 0; m < models; m++)
        {
            lower[m] = samples.Quantile(m, options.Bootstrap.Quantiles.Lower);
            upper[m] = samples.Quantile(m, options.Bootstrap.Quantiles.Upper);
        }
        var ranks = Leaderboard.Ranks(lower, upper);
        var battleCounts = indexed.BattlesPerModel();
        var rows = Enumerable.Range(0, models)
            .Select(m => new LeaderboardRow(indexed.Models[m], central[m], lower[m], upper[m], samples.Variance(m), online[m], battleCounts[m], ranks[m]))
            .OrderByDescending(r => r.Rating).ThenBy(r => r.Model, StringComparer.Ordinal)
            .ToList();
        return new Leaderboard(rows, options.System, battles.Count, options.Bootstrap.Rounds) { StyleCoefficients = coefficients, Samples = samples };
    }
}
