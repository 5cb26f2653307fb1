using System.Net;

namespace FastChat.Serving.OpenAi;

/// <summary>
/// A request that fails with an OpenAI-shaped error: <c>{"error":{"message","type","param","code"}}</c> and
/// <see cref="StatusCode"/>. Thrown anywhere below an endpoint; <see cref="ErrorResponses"/> writes it.
/// </summary>
public sealed class ApiException(int statusCode, string message, string type, string? param = null, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Status used when the client went away (nginx's convention; nobody reads it, logs do).</summary>
    public const int ClientClosedRequest = 499;

    public int StatusCode { get; } = statusCode;

    /// <summary>OpenAI's error type, e.g. invalid_request_error.</summary>
    public string Type { get; } = type;

    /// <summary>The request parameter at fault, if one is.</summary>
    public string? Param { get; } = param;

    /// <summary>A machine-readable code, e.g. context_length_exceeded.</summary>
    public string? Code { get; } = code;

    public static ApiException BadRequest(string message, string? param = null, string? code = null) =>
        new((int)HttpStatusCode.BadRequest, message, "invalid_request_error", param, code);

    public static ApiException ContextOverflow(string message) =>
        new((int)HttpStatusCode.BadRequest, message, "invalid_request_error", "messages", "context_length_exceeded");

    public static ApiException ModelNotFound(string model) =>
        new((int)HttpStatusCode.NotFound, $"The model '{model}' does not exist.", "invalid_request_error", "model", "model_not_found");

    public static ApiException Overloaded(string message) =>
        new((int)HttpStatusCode.TooManyRequests, message, "server_overloaded", null, "server_overloaded");

    public static ApiException Unavailable(string message) =>
        new((int)HttpStatusCode.ServiceUnavailable, message, "server_error", null, "service_unavailable");

    public static ApiException TooLarge(string message) =>
        new((int)HttpStatusCode.RequestEntityTooLarge, message, "invalid_request_error", null, "request_too_large");
}
