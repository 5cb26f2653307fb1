using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.OpenAi;

/// <summary>Server-sent events as OpenAI streams them: <c>data: {json}</c> events, then <c>data: [DONE]</c>.</summary>
public sealed class SseWriter(HttpResponse response)
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Sends the headers; after this, errors can only be reported inside the stream.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies must not buffer tokens
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync<T>(T payload, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, ServingJson.Options);
        var buffer = new byte[json.Length + 8];
        "data: "u8.CopyTo(buffer);
        json.CopyTo(buffer, 6);
        buffer[^2] = (byte)'\n';
        buffer[^1] = (byte)'\n';
        await response.Body.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteDoneAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Done, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
