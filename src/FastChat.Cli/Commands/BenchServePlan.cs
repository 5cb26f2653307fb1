using System.Globalization;
using FastChat.Serving.LoadTesting;

namespace FastChat.Cli.Commands;

/// <summary>The load points of a `bench serve` invocation: one profile, or one per swept concurrency or rate.</summary>
internal sealed record BenchServePlan(IReadOnlyList<LoadProfile> Profiles, string? SweepName)
{
    public bool IsSweep => SweepName is not null;

    /// <summary>The swept value of <paramref name="profile"/> (concurrency, or rate with infinity as is).</summary>
    public double SweepValue(LoadProfile profile) =>
        SweepName == "max_concurrency" ? profile.MaxConcurrency ?? double.PositiveInfinity : profile.RequestRate;

    public static BenchServePlan From(string rate, int? concurrency, string? sweepConcurrency, string? sweepRate, int seed)
    {
        if (sweepConcurrency is not null && sweepRate is not null) throw new ArgumentException("sweep either --sweep-concurrency or --sweep-request-rate, not both");
        var requestRate = ParseRate(rate, "--request-rate");
        if (concurrency is < 1) throw new ArgumentException("--max-concurrency must be at least 1");
        if (sweepConcurrency is not null)
        {
            if (concurrency is not null) throw new ArgumentException("--sweep-concurrency replaces --max-concurrency; give one of them");
            var levels = ParseList(sweepConcurrency, "--sweep-concurrency", c => c >= 1 && c == Math.Floor(c));
            return new([.. levels.Select(c => new LoadProfile(requestRate, (int)c, seed))], "max_concurrency");
        }
        if (sweepRate is not null)
        {
            var rates = sweepRate.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => ParseRate(r, "--sweep-request-rate"));
            return new([.. rates.Select(r => new LoadProfile(r, concurrency, seed))], "request_rate");
        }
        return new([new LoadProfile(requestRate, concurrency, seed)], null);
    }

    /// <summary>"inf" or a positive number.</summary>
    public static double ParseRate(string text, string option) =>
        text.Trim().Equals("inf", StringComparison.OrdinalIgnoreCase) ? double.PositiveInfinity
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && double.IsFinite(r) ? r
        : throw new FormatException($"{option} takes a positive number or inf, not '{text}'");

    /// <summary>A comma-separated list of numbers that each pass <paramref name="valid"/>.</summary>
    public static double[] ParseList(string text, string option, Func<double, bool> valid)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = items.Select(i => double.TryParse(i, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && valid(v) ? v
                                                          : throw new FormatException($"{option}: '{i}' is not a valid value")).ToArray();
        return values.Length > 0 ? values : throw new FormatException($"{option} needs at least one value");
    }
}
