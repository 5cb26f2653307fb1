namespace FastChat.Arena.Ratings;

/// <summary>
/// The Elo scale: P(A beats B) = 1 / (1 + Base^((R_B - R_A) / Scale)). Bradley-Terry is fitted in natural units
/// (log-Base odds) and mapped to Scale * r + InitRating, then optionally shifted so the anchor model sits at its rating.
/// </summary>
public sealed record RatingScale
{
    /// <summary>Base of the odds (10).</summary>
    public double Base { get; init; } = 10.0;

    /// <summary>Rating points per factor of Base in the odds (400).</summary>
    public double Scale { get; init; } = 400.0;

    /// <summary>Mean rating, and every model's starting Elo (1000).</summary>
    public double InitRating { get; init; } = 1000.0;

    /// <summary>Model pinned to <see cref="AnchorRating"/> (FastChat pins mixtral-8x7b-instruct-v0.1 at 1114); none by default.</summary>
    public string? AnchorModel { get; init; }

    /// <summary>The anchor model's rating.</summary>
    public double AnchorRating { get; init; } = 1114.0;

    /// <summary>Probability that a model rated <paramref name="ratingA"/> beats one rated <paramref name="ratingB"/>.</summary>
    public double WinProbability(double ratingA, double ratingB) => 1.0 / (1.0 + Math.Pow(Base, (ratingB - ratingA) / Scale));

    /// <summary>Maps natural-unit ratings to this scale in place, anchoring when the anchor model is among <paramref name="models"/>.</summary>
    public void ToEloScale(Span<double> ratings, IReadOnlyList<string> models)
    {
        for (var i = 0; i < ratings.Length; i++) ratings[i] = ratings[i] * Scale + InitRating;
        if (AnchorModel is null) return;
        var anchor = IndexOf(models, AnchorModel);
        if (anchor < 0) return;
        var shift = AnchorRating - ratings[anchor];
        for (var i = 0; i < ratings.Length; i++) ratings[i] += shift;
    }

    private static int IndexOf(IReadOnlyList<string> models, string name)
    {
        for (var i = 0; i < models.Count; i++)
            if (models[i] == name) return i;
        return -1;
    }
}
