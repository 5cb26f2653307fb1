using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FastChat.Evaluation.Data;

/// <summary>
/// A question id as FastChat writes it: a JSON number in MT-bench and Vicuna bench, a string in some other benches.
/// The JSON kind is kept so files round-trip; numbers sort numerically, before strings.
/// </summary>
[JsonConverter(typeof(QuestionIdJsonConverter))]
public readonly record struct QuestionId(string Text, bool IsNumber) : IComparable<QuestionId>
{
    /// <summary>A numeric id.</summary>
    public static QuestionId FromNumber(long value) => new(value.ToString(CultureInfo.InvariantCulture), true);

    /// <summary>Orders numbers numerically (then by text), numbers before strings, strings ordinally.</summary>
    public int CompareTo(QuestionId other)
    {
        if (IsNumber != other.IsNumber) return IsNumber ? -1 : 1;
        if (IsNumber && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                     && decimal.TryParse(other.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a != b)
            return a.CompareTo(b);
        return string.CompareOrdinal(Text, other.Text);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>Reads a question id from a JSON number or string and writes it back as the same kind.</summary>
public sealed class QuestionIdJsonConverter : JsonConverter<QuestionId>
{
    /// <inheritdoc/>
    public override QuestionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => new QuestionId(System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan), true),
        JsonTokenType.String => new QuestionId(reader.GetString()!, false),
        _ => throw new JsonException($"question_id must be a number or a string, not {reader.TokenType}"),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, QuestionId value, JsonSerializerOptions options)
    {
        if (value.IsNumber) writer.WriteRawValue(value.Text, skipInputValidation: false);
        else writer.WriteStringValue(value.Text);
    }
}
