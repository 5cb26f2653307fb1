namespace FastChat.Arena.Battles;

/// <summary>Which battles a leaderboard counts (FastChat's report_elo_analysis_results filters).</summary>
public sealed record BattleFilter
{
    /// <summary>Category name (see <see cref="BattleCategories"/>); "full" keeps all.</summary>
    public string Category { get; init; } = "full";

    /// <summary>Keep only these languages; empty keeps all.</summary>
    public IReadOnlySet<string> Languages { get; init; } = new HashSet<string>();

    /// <summary>Drop battles whose language contains "unknown".</summary>
    public bool ExcludeUnknownLanguage { get; init; }

    /// <summary>Keep only anonymous battles. Battles whose file does not say (no "anony" field) are kept.</summary>
    public bool AnonymousOnly { get; init; }

    /// <summary>Keep battles voted at or after this time (needs "tstamp").</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Keep battles voted before this time (needs "tstamp").</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Drop battles involving these models.</summary>
    public IReadOnlySet<string> ExcludeModels { get; init; } = new HashSet<string>();

    /// <summary>Drop ties.</summary>
    public bool ExcludeTies { get; init; }

    /// <summary>The kept battles, ordered by timestamp (stable: log order among equal or missing timestamps).</summary>
    public List<Battle> Apply(IEnumerable<Battle> battles)
    {
        var from = From?.ToUnixTimeMilliseconds() / 1000.0;
        var until = Until?.ToUnixTimeMilliseconds() / 1000.0;
        var kept = battles.Where(b =>
            BattleCategories.Matches(b, Category)
            && (Languages.Count == 0 || (b.Language is { } language && Languages.Contains(language)))
            && !(ExcludeUnknownLanguage && (b.Language ?? "unknown").Contains("unknown", StringComparison.Ordinal))
            && !(AnonymousOnly && b.Anony == false)
            && (from is null || b.Timestamp >= from)
            && (until is null || b.Timestamp < until)
            && !ExcludeModels.Contains(b.ModelA) && !ExcludeModels.Contains(b.ModelB)
            && !(ExcludeTies && b.Winner.IsTie())).ToList();
        return kept.All(b => b.Timestamp is not null) ? kept.OrderBy(b => b.Timestamp).ToList() : kept;
    }
}
