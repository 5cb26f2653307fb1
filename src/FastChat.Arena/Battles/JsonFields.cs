using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastChat.Arena.Battles;

/// <summary>Lenient readers for the loosely typed fields of FastChat's JSON (ids are numbers or strings, content may be a list).</summary>
internal static class JsonFields
{
    public static string? String(JsonObject obj, string name) => obj[name] is JsonValue value ? AsText(value) : null;

    public static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? s) => s,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        // FastChat keeps the text of a multimodal message as the list's first element.
        JsonArray array when array.Count > 0 => AsText(array[0]),
        _ => node.ToJsonString(),
    };

    public static bool? Bool(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    public static double? Number(JsonObject obj, string name) => Number(obj[name]);

    public static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        // ToJsonString works whatever CLR type backs the value (a JsonValue built from an int refuses GetValue<double>).
        if (value.GetValueKind() == JsonValueKind.Number) return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return value.TryGetValue(out string? s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static IReadOnlyList<ChatTurn>? Conversation(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray array) return null;
        var turns = new List<ChatTurn>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject message) continue;
            turns.Add(new ChatTurn(String(message, "role") ?? "", AsText(message["content"]) ?? ""));
        }
        return turns;
    }
}
