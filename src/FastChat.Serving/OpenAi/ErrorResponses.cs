using System.Text.Json;
using System.Text.Json.Serialization;
using FastChat.Engine.Scheduling;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.OpenAi;

/// <summary>The one place that turns exceptions into OpenAI error bodies and HTTP status codes.</summary>
public static class ErrorResponses
{
    /// <summary>Maps any exception from request handling to an <see cref="ApiException"/>.</summary>
    public static ApiException ToApiException(Exception exception, CancellationToken requestAborted) => exception switch
    {
        ApiException api => api,
        OperationCanceledException when requestAborted.IsCancellationRequested =>
            new ApiException(ApiException.ClientClosedRequest, "The client closed the request.", "client_closed_request"),
        ServiceOverloadedException overloaded => ApiException.Overloaded(overloaded.Message),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            ApiException.TooLarge($"The request body is larger than the server accepts. {bad.Message}"),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, bad.Message, "invalid_request_error"),
        JsonException json => ApiException.BadRequest($"Invalid JSON body: {json.Message}", ParamFromPath(json.Path)),
        ArgumentException argument => ApiException.BadRequest(StripParamSuffix(argument), argument.ParamName),
        HttpRequestException http => ApiException.Unavailable($"A model worker could not be reached: {http.Message}"),
        _ => new ApiException(StatusCodes.Status500InternalServerError, "The server had an error while processing your request.", "server_error"),
    };

    /// <summary>The JSON body for an error.</summary>
    public static object Body(ApiException error) =>
        new ErrorEnvelope(new ErrorBody(error.Message, error.Type, error.Param, error.Code));

    /// <summary>Writes the error, unless the response has started (then the caller ends the stream instead).</summary>
    public static async Task WriteAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            if (!context.Response.HasStarted) context.Response.StatusCode = error.StatusCode;
            return;
        }
        context.Response.StatusCode = error.StatusCode;
        if (error.StatusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = "1";
        await context.Response.WriteAsJsonAsync(Body(error), ServingJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    // System.Text.Json paths look like "$.temperature" or "$.messages[0].content".
    private static string? ParamFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    // ArgumentException.Message appends " (Parameter 'x')"; the param travels in its own field.
    private static string StripParamSuffix(ArgumentException e)
    {
        var message = e.Message;
        var suffix = e.ParamName is null ? -1 : message.LastIndexOf(" (Parameter '", StringComparison.Ordinal);
        return suffix > 0 ? message[..suffix] : message;
    }

    private sealed record ErrorEnvelope(ErrorBody Error);

    // OpenAI always sends param and code, null when they do not apply.
    private sealed record ErrorBody(
        string Message,
        string Type,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
}
