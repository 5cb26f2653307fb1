using System.Text.Json.Serialization;
using FastChat.Evaluation.Data;

namespace FastChat.Evaluation.Export;

/// <summary>One row of the pairwise dataset (the MT-bench human/GPT-4 judgment dataset's pairwise fields).</summary>
public sealed record PairwiseExportRow(
    [property: JsonPropertyName("question_id")] QuestionId QuestionId,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("model_input")] IReadOnlyList<string> ModelInput,
    [property: JsonPropertyName("reference")] IReadOnlyList<string>? Reference,
    [property: JsonPropertyName("model_1")] string Model1,
    [property: JsonPropertyName("model_2")] string Model2,
    [property: JsonPropertyName("turn")] int Turn,
    [property: JsonPropertyName("judge_model_id")] string JudgeModelId,
    [property: JsonPropertyName("model_1_output")] IReadOnlyList<string> Model1Output,
    [property: JsonPropertyName("model_2_output")] IReadOnlyList<string> Model2Output,
    [property: JsonPropertyName("winner_model_1_ordered_first")] string WinnerModel1OrderedFirst,
    [property: JsonPropertyName("winner_model_2_ordered_first")] string WinnerModel2OrderedFirst,
    [property: JsonPropertyName("winner")] string Winner,
    [property: JsonPropertyName("judge_input_model_1_ordered_first")] string JudgeInputModel1OrderedFirst,
    [property: JsonPropertyName("judge_input_model_2_ordered_first")] string JudgeInputModel2OrderedFirst,
    [property: JsonPropertyName("judge_output_model_1_ordered_first")] string JudgeOutputModel1OrderedFirst,
    [property: JsonPropertyName("judge_output_model_2_ordered_first")] string JudgeOutputModel2OrderedFirst);
