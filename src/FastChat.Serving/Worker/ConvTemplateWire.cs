using System.Text.Json;
using System.Text.Json.Nodes;
using FastChat.Conversation;

namespace FastChat.Serving.Worker;

/// <summary>
/// FastChat's Conversation dataclass as <c>worker_get_conv_template</c> returns it (<c>{"conv": {...}}</c>):
/// sep_style is FastChat's IntEnum value (ADD_COLON_SINGLE = 1, in declaration order, as
/// <see cref="SeparatorStyle"/> is), roles a list, messages [role, text] pairs.
/// </summary>
public static class ConvTemplateWire
{
    public static JsonObject ToWire(ConversationTemplate template) => new()
    {
        ["conv"] = new JsonObject
        {
            ["name"] = template.Name,
            ["system_template"] = template.SystemTemplate,
            ["system_message"] = template.SystemMessage,
            ["roles"] = new JsonArray([.. template.Roles.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["messages"] = new JsonArray([.. template.PresetMessages.Select(m => (JsonNode?)new JsonArray(JsonValue.Create(m.Role), JsonValue.Create(m.Content)))]),
            ["offset"] = template.Offset,
            ["sep_style"] = template.Style is { } style ? (int)style + 1 : null,
            ["sep"] = template.Sep,
            ["sep2"] = template.Sep2,
            ["stop_str"] = template.StopStrings.Count switch
            {
                0 => null,
                1 => JsonValue.Create(template.StopStrings[0]),
                _ => new JsonArray([.. template.StopStrings.Select(s => (JsonNode?)JsonValue.Create(s))]),
            },
            ["stop_token_ids"] = template.StopTokenIds is { } ids ? new JsonArray([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))]) : null,
        },
    };

    /// <exception cref="JsonException">The body is not a FastChat conversation.</exception>
    public static ConversationTemplate FromWire(JsonElement body)
    {
        var conv = body.GetProperty("conv");
        string? Text(string name) => conv.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var style = conv.TryGetProperty("sep_style", out var s) && s.ValueKind == JsonValueKind.Number ? (SeparatorStyle?)(s.GetInt32() - 1) : null;
        var stops = conv.TryGetProperty("stop_str", out var stop)
            ? stop.ValueKind switch
            {
                JsonValueKind.String => [stop.GetString()!],
                JsonValueKind.Array => stop.EnumerateArray().Select(e => e.GetString() ?? "").ToArray(),
                _ => Array.Empty<string>(),
            }
            : [];
        return new ConversationTemplate(Text("name") ?? "remote", style)
        {
            SystemTemplate = Text("system_template") ?? "{system_message}",
            SystemMessage = Text("system_message") ?? "",
            Roles = [.. conv.GetProperty("roles").EnumerateArray().Select(r => r.GetString() ?? "")],
            PresetMessages = conv.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
                ? [.. messages.EnumerateArray().Select(m => new TemplateMessage(m[0].GetString() ?? "", m[1].ValueKind == JsonValueKind.String ? m[1].GetString() : null))]
                : [],
            Offset = conv.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.Number ? offset.GetInt32() : 0,
            Sep = Text("sep"),
            Sep2 = Text("sep2"),
            StopStrings = stops,
            StopTokenIds = conv.TryGetProperty("stop_token_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? [.. ids.EnumerateArray().Select(i => i.GetInt32())]
                : null,
        };
    }
}
