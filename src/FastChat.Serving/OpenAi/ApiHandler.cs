using System.Diagnostics;
using System.Text.Json;
using FastChat.Serving.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.OpenAi;

/// <summary>
/// Runs one OpenAI endpoint: reads the JSON body (size-capped), turns every failure into an OpenAI error with
/// its status, records the request metric, and writes one structured log line per request.
/// </summary>
public sealed class ApiHandler(ServingMetrics metrics, ServingOptions options, ILogger<ApiHandler> logger)
{
    public ServingMetrics Metrics => metrics;

    public async Task RunAsync(HttpContext context, string endpoint, Func<HttpContext, Task> handle)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await handle(context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var error = ErrorResponses.ToApiException(e, context.RequestAborted);
            if (error.StatusCode >= 500)
                logger.LogError(e, "{Endpoint} failed", endpoint);
            await ErrorResponses.WriteAsync(context, error).ConfigureAwait(false);
            LogRequest(context, endpoint, started, error.StatusCode, error.Code ?? error.Type);
            metrics.RecordRequest(endpoint, error.StatusCode);
            return;
        }
        LogRequest(context, endpoint, started, context.Response.StatusCode, null);
        metrics.RecordRequest(endpoint, context.Response.StatusCode);
    }

    /// <summary>Deserializes the body; 413 past <see cref="ServingOptions.MaxRequestBodyBytes"/>, 400 when malformed or empty.</summary>
    public async Task<T> ReadBodyAsync<T>(HttpContext context) where T : class
    {
        if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            throw ApiException.TooLarge($"The request body has {context.Request.ContentLength} bytes; the limit is {options.MaxRequestBodyBytes}.");
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ServingJson.Options, context.RequestAborted).ConfigureAwait(false)
                   ?? throw ApiException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException e) when (e.InnerException is BadHttpRequestException bad)
        {
            throw ErrorResponses.ToApiException(bad, context.RequestAborted);
        }
    }

    private void LogRequest(HttpContext context, string endpoint, long started, int status, string? error) =>
        logger.LogInformation("{Method} {Endpoint} {Status} in {ElapsedMs:F1} ms {Error} trace={TraceId}",
                              context.Request.Method, endpoint, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                              error ?? "", context.TraceIdentifier);
}
