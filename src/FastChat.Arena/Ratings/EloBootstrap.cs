namespace FastChat.Arena.Ratings;

/// <summary>
/// Bootstrap of online Elo (FastChat's rating_system="elo"): each round replays a same-size resample of the battles,
/// drawn with replacement, in draw order.
/// </summary>
public static class EloBootstrap
{
    /// <summary>Runs the rounds in parallel; each round's ratings are one row of the result.</summary>
    public static BootstrapSamples Run(IndexedBattles battles, RatingScale? scale = null, BootstrapOptions? options = null,
                                       double k = OnlineElo.DefaultK, CancellationToken cancellationToken = default)
    {
        scale ??= new RatingScale();
        options ??= new BootstrapOptions();
        var models = battles.Models.Count;
        var alpha = Math.Log(scale.Base) / scale.Scale;
        var result = new double[options.Rounds * models];
        Parallel.For(0, options.Rounds, options.ParallelOptions(cancellationToken),
            () => new int[battles.Count],
            (round, _, order) =>
            {
                var random = new BootstrapRandom(options.Seed, round);
                for (var i = 0; i < order.Length; i++) order[i] = random.Next(order.Length);
                OnlineElo.Replay(battles, order, result.AsSpan(round * models, models), alpha, k, scale.InitRating);
                return order;
            },
            _ => { });
        return new BootstrapSamples(battles.Models, result, options.Rounds);
    }
}
