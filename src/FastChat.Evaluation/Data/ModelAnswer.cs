using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>One line of a model answer file (model_answer/MODEL.jsonl), FastChat's format.</summary>
public sealed record ModelAnswer(
    [property: JsonPropertyName("question_id")] QuestionId QuestionId,
    [property: JsonPropertyName("answer_id")] string AnswerId,
    [property: JsonPropertyName("model_id")] string ModelId,
    [property: JsonPropertyName("choices")] IReadOnlyList<AnswerChoice> Choices,
    [property: JsonPropertyName("tstamp")] double Timestamp)
{
    /// <summary>The turns of the first choice, the one judges read.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FirstTurns => Choices.Count > 0 ? Choices[0].Turns : [];
}

/// <summary>One sampled conversation: the assistant's reply to each user turn.</summary>
public sealed record AnswerChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("turns")] IReadOnlyList<string> Turns);
