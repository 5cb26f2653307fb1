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
}
