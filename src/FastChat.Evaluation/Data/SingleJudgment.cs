using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>One single-answer grading (model_judgment/JUDGE_single.jsonl), FastChat's format; score -1 when none was parsed.</summary>
public sealed record SingleJudgment(
    [property: JsonPropertyName("question_id")] QuestionId QuestionId,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("judge")] JudgeId Judge,
    [property: JsonPropertyName("user_prompt")] string UserPrompt,
    [property: JsonPropertyName("judgment")] string Judgment,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("turn")] int Turn,
    [property: JsonPropertyName("tstamp")] double Timestamp);
