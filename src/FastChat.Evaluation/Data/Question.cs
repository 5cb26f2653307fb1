using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>One benchmark question (question.jsonl): id, category and the user turns; MT-bench adds a reference for some.</summary>
public sealed record Question(
    [property: JsonPropertyName("question_id")] QuestionId QuestionId,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("turns")] IReadOnlyList<string> Turns)
{
    /// <summary>Reference answers per turn, when the question file carries them (MT-bench's roleplay translations).</summary>
    [JsonPropertyName("reference")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Reference { get; init; }
}
