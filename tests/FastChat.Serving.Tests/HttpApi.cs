using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FastChat.Serving.Tests;

/// <summary>Small helpers for raw HTTP calls: post JSON, read SSE events.</summary>
internal static class HttpApi
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The data payloads of an SSE response, [DONE] included.</summary>
    public static async Task<List<string>> EventsAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: ")).Select(e => e["data: ".Length..])];
    }
}
