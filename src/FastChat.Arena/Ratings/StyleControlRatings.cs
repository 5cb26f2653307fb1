using FastChat.Arena.Battles;

namespace FastChat.Arena.Ratings;

/// <summary>Style-controlled ratings (Elo scale) and the style coefficients β, with their bootstrap.</summary>
public static class StyleControlRatings
{
    /// <summary>Result of one fit: ratings on the Elo scale and β per <see cref="StyleFeatures.Names"/>.</summary>
    public sealed record Fit(double[] Ratings, double[] Coefficients);

    /// <summary>Fits on all battles.</summary>
    public static Fit Compute(IReadOnlyList<Battle> battles, IndexedBattles indexed, RatingScale? scale = null,
                              double regularization = StyleControlledFit.DefaultRegularization, Func<string, int>? tokenCounter = null)
    {
        scale ??= new RatingScale();
        var features = StyleFeatures.Build(battles, tokenCounter);
        var ones = Enumerable.Repeat(1.0, indexed.Count).ToArray();
        var theta = StyleControlledFit.Fit(indexed, features, StyleFeatures.Count, ones, Math.Log(scale.Base), regularization);
        return Split(theta, indexed, scale);
    }

    /// <summary>Refits on resampled battles (features standardised once on the full set, as FastChat does).</summary>
    public static (BootstrapSamples Ratings, double[][] Coefficients) Bootstrap(IReadOnlyList<Battle> battles, IndexedBattles indexed,
        RatingScale? scale = null, BootstrapOptions? options = null, double regularization = StyleControlledFit.DefaultRegularization,
        Func<string, int>? tokenCounter = null, CancellationToken cancellationToken = default)
    {
        scale ??= new RatingScale();
        options ??= new BootstrapOptions();
        var features = StyleFeatures.Build(battles, tokenCounter);
        var alpha = Math.Log(scale.Base);
        var n = indexed.Count;
        var start = StyleControlledFit.Fit(indexed, features, StyleFeatures.Count, Enumerable.Repeat(1.0, n).ToArray(), alpha, regularization);
        var models = indexed.Models.Count;
        var ratings = new double[options.Rounds * models];
        var coefficients = new double[options.Rounds][];
        Parallel.For(0, options.Rounds, options.ParallelOptions(cancellationToken),
            () => new double[n],
            (round, _, counts) =>
            {
                Array.Clear(counts);
                var random = new BootstrapRandom(options.Seed, round);
                for (var i = 0; i < n; i++) counts[random.Next(n)]++;
                var theta = StyleControlledFit.Fit(indexed, features, StyleFeatures.Count, counts, alpha, regularization, start);
                var fit = Split(theta, indexed, scale);
                fit.Ratings.CopyTo(ratings, round * models);
                coefficients[round] = fit.Coefficients;
                return counts;
            },
            _ => { });
        return (new BootstrapSamples(indexed.Models, ratings, options.Rounds), coefficients);
    }

    private static Fit Split(double[] theta, IndexedBattles indexed, RatingScale scale)
    {
        var models = indexed.Models.Count;
        var ratings = theta[..models];
        scale.ToEloScale(ratings, indexed.Models);
        return new Fit(ratings, theta[models..]);
    }
}
