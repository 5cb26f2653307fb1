using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>
/// One pairwise comparison judged in both orders (model_judgment/JUDGE_pair.jsonl), FastChat's format. Game 1 shows
/// model_1 as assistant A, game 2 shows model_2 as A; both winners are already mapped to "model_1", "model_2",
/// "tie" or "error".
/// </summary>
public sealed record PairwiseJudgment(
    [property: JsonPropertyName("question_id")] QuestionId QuestionId,
    [property: JsonPropertyName("model_1")] string Model1,
    [property: JsonPropertyName("model_2")] string Model2,
    [property: JsonPropertyName("g1_winner")] string Game1Winner,
    [property: JsonPropertyName("g2_winner")] string Game2Winner,
    [property: JsonPropertyName("judge")] JudgeId Judge,
    [property: JsonPropertyName("g1_user_prompt")] string Game1UserPrompt,
    [property: JsonPropertyName("g1_judgment")] string Game1Judgment,
    [property: JsonPropertyName("g2_user_prompt")] string Game2UserPrompt,
    [property: JsonPropertyName("g2_judgment")] string Game2Judgment,
    [property: JsonPropertyName("turn")] int Turn,
    [property: JsonPropertyName("tstamp")] double Timestamp)
{
    /// <summary>Winner value: the first model of the pair.</summary>
    public const string Model1Wins = "model_1";

    /// <summary>Winner value: the second model of the pair.</summary>
    public const string Model2Wins = "model_2";

    /// <summary>Winner value: the judge called it even.</summary>
    public const string Tie = "tie";

    /// <summary>Winner value: no verdict could be parsed.</summary>
    public const string Error = "error";

    /// <summary>True when both orders gave the same verdict (position-consistent).</summary>
    [JsonIgnore]
    public bool IsConsistent => Game1Winner == Game2Winner;
}
