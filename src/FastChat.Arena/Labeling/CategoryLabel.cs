using System.Text.Json.Nodes;

namespace FastChat.Arena.Labeling;

/// <summary>A category's label for one prompt: the value stored under category_tag, and whether the answer parsed.</summary>
/// <param name="Value">What FastChat stores, e.g. {"math": true} or {"if": false, "score": 2}.</param>
/// <param name="Parsed">False when the model's answer had no readable verdict (the value is then FastChat's default, all false).</param>
/// <param name="RawOutput">The model's answer.</param>
public sealed record CategoryLabel(JsonObject Value, bool Parsed, string RawOutput);
