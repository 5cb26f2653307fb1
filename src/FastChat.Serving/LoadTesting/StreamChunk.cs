using System.Text.Json;

namespace FastChat.Serving.LoadTesting;

/// <summary>
/// The parts of one OpenAI stream event a load test needs: the text it carries (completions' choices[0].text or
/// chat's choices[0].delta.content), the usage of the final chunk, or an error object some servers send in-stream.
/// </summary>
public readonly record struct StreamChunk(string? Text, int? PromptTokens, int? CompletionTokens, string? Error)
{
    /// <summary>Reads one `data:` payload (not [DONE]); malformed JSON is reported as an error.</summary>
    public static StreamChunk Parse(ReadOnlySpan<byte> payload, bool chat)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new(null, null, null, "stream event is not a JSON object");
            if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null) return new(null, null, null, ErrorMessage(error));
            string? text = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
                text = chat ? ChatText(choices[0]) : StringOrNull(choices[0], "text");
            int? prompt = null, completion = null;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                if (usage.TryGetProperty("prompt_tokens", out var p) && p.ValueKind == JsonValueKind.Number) prompt = p.GetInt32();
                if (usage.TryGetProperty("completion_tokens", out var c) && c.ValueKind == JsonValueKind.Number) completion = c.GetInt32();
            }
            return new(text, prompt, completion, null);
        }
        catch (JsonException e)
        {
            return new(null, null, null, "malformed stream event: " + e.Message);
        }
    }

    /// <summary>The message of an OpenAI error body ({"error": {"message": ...}}) or of a bare error value.</summary>
    public static string ErrorMessage(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.Object when error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String => m.GetString()!,
        JsonValueKind.String => error.GetString()!,
        _ => error.GetRawText(),
    };

    // Reasoning models stream their thinking as reasoning_content: it is generated output too.
    private static string? ChatText(JsonElement choice) =>
        choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
            ? StringOrNull(delta, "content") ?? StringOrNull(delta, "reasoning_content")
            : null;

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
