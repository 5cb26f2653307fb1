using System.Text.Json;
using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>The judge of a judgment: the judge model and the prompt name, written as FastChat's two-element array.</summary>
[JsonConverter(typeof(JudgeIdJsonConverter))]
public sealed record JudgeId(string Model, string PromptName)
{
    /// <inheritdoc/>
    public override string ToString() => $"({Model}, {PromptName})";
}

/// <summary>Reads and writes <see cref="JudgeId"/> as <c>["gpt-4", "single-v1"]</c>.</summary>
public sealed class JudgeIdJsonConverter : JsonConverter<JudgeId>
{
    /// <inheritdoc/>
    public override JudgeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var parts = JsonSerializer.Deserialize<string[]>(ref reader, options);
        if (parts is not { Length: 2 }) throw new JsonException("judge must be a two-element array [model, prompt name]");
        return new JudgeId(parts[0], parts[1]);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, JudgeId value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Model);
        writer.WriteStringValue(value.PromptName);
        writer.WriteEndArray();
    }
}
