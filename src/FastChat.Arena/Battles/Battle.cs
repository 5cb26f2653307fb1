using System.Text.Json.Nodes;

namespace FastChat.Arena.Battles;

/// <summary>
/// One rated battle: two models and who won, plus the optional fields of FastChat's cleaned battle files
/// (question id, anonymity, language, turns, timestamp, judge, both conversations, category tags, style metadata).
/// </summary>
public sealed record Battle(string ModelA, string ModelB, BattleWinner Winner)
{
    /// <summary>"question_id" (conversation id in arena logs), as text.</summary>
    public string? QuestionId { get; init; }

    /// <summary>"anony": whether the voter saw the model names only after voting; null when the file does not say.</summary>
    public bool? Anony { get; init; }

    /// <summary>"language", e.g. "English".</summary>
    public string? Language { get; init; }

    /// <summary>"turn": number of user turns.</summary>
    public int? Turn { get; init; }

    /// <summary>"tstamp": Unix time in seconds of the vote.</summary>
    public double? Timestamp { get; init; }

    /// <summary>"judge": who voted.</summary>
    public string? Judge { get; init; }

    /// <summary>"conversation_a" in OpenAI form, when present.</summary>
    public IReadOnlyList<ChatTurn>? ConversationA { get; init; }

    /// <summary>"conversation_b" in OpenAI form, when present.</summary>
    public IReadOnlyList<ChatTurn>? ConversationB { get; init; }

    /// <summary>"category_tag" as written by the labelling pipeline (e.g. criteria_v0.1, math_v0.1).</summary>
    public JsonObject? CategoryTag { get; init; }

    /// <summary>"conv_metadata" (token and markdown counts per side) used by style control.</summary>
    public JsonObject? ConvMetadata { get; init; }
}
