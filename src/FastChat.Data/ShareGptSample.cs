namespace FastChat.Data;

/// <summary>One turn of a ShareGPT conversation: <c>{"from": "human"|"gpt", "value": "..."}</c>.</summary>
/// <param name="From">The speaker: <see cref="ShareGptRoles.Human"/> or <see cref="ShareGptRoles.Gpt"/> (others are kept as read).</param>
/// <param name="Value">The text of the turn.</param>
public sealed record ShareGptTurn(string From, string Value);

/// <summary>One ShareGPT record: <c>{"id": ..., "model": ..., "conversations": [...]}</c>.</summary>
/// <param name="Id">The record id (unique within a file by convention, not enforced).</param>
/// <param name="Conversations">The turns, human first, alternating with gpt in a well-formed record.</param>
/// <param name="Model">The optional model field FastChat's scripts carry along.</param>
public sealed record ShareGptSample(string Id, IReadOnlyList<ShareGptTurn> Conversations, string? Model = null)
{
    /// <summary>A copy with other turns (same id and model).</summary>
    public ShareGptSample WithTurns(IReadOnlyList<ShareGptTurn> turns) => this with { Conversations = turns };
}

/// <summary>The role names ShareGPT data uses.</summary>
public static class ShareGptRoles
{
    /// <summary>The user.</summary>
    public const string Human = "human";

    /// <summary>The assistant.</summary>
    public const string Gpt = "gpt";

    /// <summary>True when the turns alternate human, gpt, human, ... starting with human (FastChat's filter_invalid_roles).</summary>
    public static bool AlternateFromHuman(IReadOnlyList<ShareGptTurn> turns)
    {
        for (var i = 0; i < turns.Count; i++)
            if (turns[i].From != (i % 2 == 0 ? Human : Gpt)) return false;
        return true;
    }
}
