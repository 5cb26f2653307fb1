namespace FastChat.Arena.Battles;

/// <summary>Settings of <see cref="BattleLogCleaner"/>.</summary>
public sealed record CleanOptions
{
    /// <summary>Battles involving any of these models are dropped.</summary>
    public IReadOnlySet<string> ExcludeModels { get; init; } = new HashSet<string>();

    /// <summary>Votes from these IPs are dropped.</summary>
    public IReadOnlySet<string> BannedIps { get; init; } = new HashSet<string>();

    /// <summary>Replace IPs in "judge" by arena_user_N (in order of first appearance).</summary>
    public bool SanitizeIp { get; init; }

    /// <summary>Keep only anonymous battles (FastChat's conv_release mode).</summary>
    public bool AnonymousOnly { get; init; }
}
