namespace FastChat.Arena.Ratings;

/// <summary>Settings of <see cref="LeaderboardBuilder"/>.</summary>
public sealed record LeaderboardOptions
{
    /// <summary>Rating system for the central estimate and the intervals.</summary>
    public RatingSystem System { get; init; } = RatingSystem.BradleyTerry;

    /// <summary>Elo scale, base, initial rating and anchor.</summary>
    public RatingScale Scale { get; init; } = new();

    /// <summary>Bootstrap rounds, seed and parallelism.</summary>
    public BootstrapOptions Bootstrap { get; init; } = new();

    /// <summary>Online Elo K factor.</summary>
    public double K { get; init; } = OnlineElo.DefaultK;

    /// <summary>Control for answer length and markdown (Bradley-Terry only).</summary>
    public bool StyleControl { get; init; }

    /// <summary>Token counter for style control when battles lack conv_metadata (null: <see cref="StyleFeatures.EstimateTokens"/>).</summary>
    public Func<string, int>? TokenCounter { get; init; }
}
