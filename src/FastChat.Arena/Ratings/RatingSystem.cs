namespace FastChat.Arena.Ratings;

/// <summary>How the leaderboard's central ratings are computed.</summary>
public enum RatingSystem
{
    /// <summary>Bradley-Terry maximum likelihood (FastChat's default, "bt").</summary>
    BradleyTerry,
    /// <summary>Online Elo; the rating shown is the bootstrap median ("elo").</summary>
    Elo,
}
