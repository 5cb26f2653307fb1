namespace FastChat.Arena.Reporting;

/// <summary>Output formats of the leaderboard and pairwise tables.</summary>
public enum LeaderboardFormat
{
    /// <summary>Aligned plain-text columns.</summary>
    Console,
    /// <summary>A markdown table.</summary>
    Markdown,
    /// <summary>Comma-separated values with a header line.</summary>
    Csv,
    /// <summary>A JSON document.</summary>
    Json,
}
