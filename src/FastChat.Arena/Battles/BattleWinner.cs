namespace FastChat.Arena.Battles;

/// <summary>The outcome of one battle, as FastChat's cleaned battle files spell it in "winner".</summary>
public enum BattleWinner
{
    /// <summary>"model_a".</summary>
    ModelA,
    /// <summary>"model_b".</summary>
    ModelB,
    /// <summary>"tie".</summary>
    Tie,
    /// <summary>"tie (bothbad)".</summary>
    TieBothBad,
}

/// <summary>Conversions between <see cref="BattleWinner"/> and FastChat's strings and vote types.</summary>
public static class BattleWinners
{
    /// <summary>Parses "model_a", "model_b", "tie" or "tie (bothbad)".</summary>
    public static bool TryParse(string? text, out BattleWinner winner)
    {
        switch (text)
        {
            case "model_a": winner = BattleWinner.ModelA; return true;
            case "model_b": winner = BattleWinner.ModelB; return true;
            case "tie": winner = BattleWinner.Tie; return true;
            case "tie (bothbad)": winner = BattleWinner.TieBothBad; return true;
            default: winner = default; return false;
        }
    }

    /// <summary>FastChat's spelling of the outcome.</summary>
    public static string ToFastChatString(this BattleWinner winner) => winner switch
    {
        BattleWinner.ModelA => "model_a",
        BattleWinner.ModelB => "model_b",
        BattleWinner.Tie => "tie",
        _ => "tie (bothbad)",
    };

    /// <summary>Model A's score: 1 for a win, 0 for a loss, 0.5 for either kind of tie.</summary>
    public static double ScoreA(this BattleWinner winner) => winner switch
    {
        BattleWinner.ModelA => 1.0,
        BattleWinner.ModelB => 0.0,
        _ => 0.5,
    };

    /// <summary>True for "tie" and "tie (bothbad)".</summary>
    public static bool IsTie(this BattleWinner winner) => winner is BattleWinner.Tie or BattleWinner.TieBothBad;

    /// <summary>Maps a conversation-log vote type (leftvote, rightvote, tievote, bothbad_vote) to the outcome.</summary>
    public static bool TryFromVoteType(string? type, out BattleWinner winner)
    {
        switch (type)
        {
            case "leftvote": winner = BattleWinner.ModelA; return true;
            case "rightvote": winner = BattleWinner.ModelB; return true;
            case "tievote": winner = BattleWinner.Tie; return true;
            case "bothbad_vote": winner = BattleWinner.TieBothBad; return true;
            default: winner = default; return false;
        }
    }
}
