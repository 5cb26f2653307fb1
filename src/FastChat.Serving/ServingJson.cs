using System.Text.Json;
using System.Text.Json.Serialization;

namespace FastChat.Serving;

/// <summary>JSON settings for every body the server reads or writes: snake_case names, nulls left out.</summary>
public static class ServingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// A JSON request body sent with a Content-Length, as Python's requests / aiohttp send <c>json=</c> bodies,
    /// not chunked (JsonContent's default): FastChat-style workers on minimal HTTP stacks read only Content-Length.
    /// </summary>
    public static HttpContent Content<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Options));
        content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return content;
    }
}
