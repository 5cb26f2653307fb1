using System.Text.Json;

namespace FastChat.Conversation.Jinja;

/// <summary>
/// Chat messages as the dicts Hugging Face passes to chat templates: <c>role</c> and <c>content</c> always, and
/// <c>tool_calls</c>, <c>tool_call_id</c>, <c>name</c> only when present (templates test <c>'tool_calls' in message</c>).
/// Tool-call arguments are parsed from JSON so <c>arguments | tojson</c> and <c>arguments | items</c> work.
/// </summary>
internal static class ChatMessages
{
    public static List<object?> ToValues(IReadOnlyList<ChatMessage> messages)
    {
        var list = new List<object?>(messages.Count);
        foreach (var message in messages) list.Add(ToValue(message));
        return list;
    }

    public static Dictionary<string, object?> ToValue(ChatMessage message)
    {
        var dict = new Dictionary<string, object?>(4, StringComparer.Ordinal)
        {
            ["role"] = message.Role,
            ["content"] = message.Content,
        };
        if (message.ToolCalls is { Count: > 0 } calls)
        {
            var list = new List<object?>(calls.Count);
            foreach (var call in calls)
            {
                list.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["id"] = call.Id,
                    ["type"] = "function",
                    ["function"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["name"] = call.Name,
                        ["arguments"] = ParseArguments(call.ArgumentsJson),
                    },
                });
            }
            dict["tool_calls"] = list;
        }
        if (message.ToolCallId is not null) dict["tool_call_id"] = message.ToolCallId;
        if (message.Name is not null) dict["name"] = message.Name;
        return dict;
    }

    private static object? ParseArguments(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonValues.FromJson(doc.RootElement);
        }
        catch (JsonException)
        {
            return json; // not JSON: templates still see the text
        }
    }
}
