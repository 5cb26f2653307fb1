namespace FastChat.Arena.Ratings;

/// <summary>How bootstrap confidence intervals are drawn.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Resampling rounds (FastChat's default is 100; its published leaderboards use 1,000).</summary>
    public int Rounds { get; init; } = 100;

    /// <summary>Seed: the same seed gives the same intervals whatever the parallelism.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Threads; null uses every processor.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Lower and upper quantiles of the interval (2.5% and 97.5%).</summary>
    public (double Lower, double Upper) Quantiles { get; init; } = (0.025, 0.975);

    internal ParallelOptions ParallelOptions(CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = Parallelism ?? Environment.ProcessorCount,
        CancellationToken = cancellationToken,
    };
}
