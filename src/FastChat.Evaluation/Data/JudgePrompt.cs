using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>One judge prompt (judge_prompts.jsonl): single or pairwise, with Python str.format placeholders.</summary>
public sealed record JudgePrompt(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("system_prompt")] string SystemPrompt,
    [property: JsonPropertyName("prompt_template")] string PromptTemplate,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("category")] string? Category,
    [property: JsonPropertyName("output_format")] string OutputFormat)
{
    /// <summary>FastChat's type for single-answer grading prompts.</summary>
    public const string SingleType = "single";

    /// <summary>FastChat's type for pairwise comparison prompts.</summary>
    public const string PairwiseType = "pairwise";
}
