using System.Security.Cryptography;
using System.Text;
using FastChat.Serving.OpenAi;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.Security;

/// <summary>
/// When API keys are configured, every /v1 request needs <c>Authorization: Bearer KEY</c> with one of them
/// (401 in OpenAI's error shape otherwise). /health, /metrics and the FastChat worker/controller protocol
/// stay open, as in FastChat, so they belong on a private network.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ServingOptions options)
{
    private readonly byte[][] _keys = [.. options.ApiKeys.Select(Encoding.UTF8.GetBytes)];

    public async Task InvokeAsync(HttpContext context)
    {
        if (_keys.Length == 0 || !context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        string? failure = null;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length == 7)
            failure = "You didn't provide an API key. Provide it in the Authorization header (Authorization: Bearer YOUR_KEY).";
        else if (!IsKnown(Encoding.UTF8.GetBytes(header[7..].Trim())))
            failure = "Incorrect API key provided.";
        if (failure is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        await ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status401Unauthorized, failure, "invalid_request_error", null, "invalid_api_key"))
                            .ConfigureAwait(false);
    }

    private bool IsKnown(byte[] candidate)
    {
        var known = false;
        foreach (var key in _keys) known |= CryptographicOperations.FixedTimeEquals(key, candidate);
        return known;
    }
}
