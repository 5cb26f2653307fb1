using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FastChat.Conversation;
using FastChat.Engine.Scheduling;
using FastChat.Serving.Backends;
using FastChat.Serving.OpenAi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.Worker;

/// <summary>
/// FastChat's model-worker API over a model in this process: worker_generate_stream (JSON chunks each followed by
/// \0, cumulative text), worker_generate, worker_get_embeddings, count_token, worker_get_conv_template,
/// model_details, worker_get_status, and the extension worker_apply_chat_template. Errors are chunks with a
/// non-zero error_code and HTTP 200, as FastChat's workers send them.
/// </summary>
public sealed class WorkerEndpoints(LocalModelBackend backend, ILogger<WorkerEndpoints> logger)
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder routes)
    {
        var worker = routes.ServiceProvider.GetRequiredService<WorkerEndpoints>();
        routes.MapPost("/worker_generate_stream", worker.GenerateStreamAsync);
        routes.MapPost("/worker_generate", worker.GenerateAsync);
        routes.MapPost("/worker_get_embeddings", worker.EmbeddingsAsync);
        routes.MapPost("/count_token", worker.CountTokenAsync);
        routes.MapPost("/worker_get_conv_template", () => Results.Json(ConvTemplateWire.ToWire(worker.Backend.Renderer.Template)));
        routes.MapPost("/model_details", () => Results.Json(new ModelDetailsResponse(worker.Backend.ContextLength), ServingJson.Options));
        routes.MapPost("/worker_get_status", () => Results.Json(worker.Status(), ServingJson.Options));
        routes.MapPost("/worker_apply_chat_template", worker.ApplyChatTemplateAsync);
        return routes;
    }

    public LocalModelBackend Backend => backend;

    /// <summary>This worker's status: its model, speed 1, and queued + running requests.</summary>
    public WorkerStatus Status()
    {
        var stats = backend.Service.Stats;
        return new WorkerStatus([backend.ModelName], 1, stats.QueuedRequests + stats.RunningSequences);
    }

    private async Task GenerateStreamAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        context.Response.ContentType = "application/octet-stream";
        await foreach (var chunk in ChunksAsync(context).ConfigureAwait(false))
        {
            // One write per chunk, JSON and its \0 together, as FastChat's workers yield json.dumps(ret).encode() + b"\0":
            // clients that split each network read on \0 without buffering (older FastChat API servers) then never
            // see a chunk cut between two writes.
            var json = JsonSerializer.SerializeToUtf8Bytes(chunk, ServingJson.Options);
            var message = new byte[json.Length + 1];
            json.CopyTo(message, 0);
            await context.Response.Body.WriteAsync(message, ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task GenerateAsync(HttpContext context)
    {
        WorkerChunk last = new() { ErrorCode = WorkerErrorCodes.InternalError, Text = "No output." };
        await foreach (var chunk in ChunksAsync(context).ConfigureAwait(false)) last = chunk;
        await context.Response.WriteAsJsonAsync(last, ServingJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    // Cumulative chunks; any failure becomes one error chunk (a client that left just ends the stream).
    private async IAsyncEnumerable<WorkerChunk> ChunksAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        IAsyncEnumerator<TextDelta>? stream = null;
        WorkerChunk? failure = null;
        TextGenerationRequest? request = null;
        try
        {
            var parameters = await JsonSerializer.DeserializeAsync<WorkerGenerateParams>(context.Request.Body, ServingJson.Options, ct).ConfigureAwait(false)
                             ?? throw new ArgumentException("The body must be a JSON object.");
            request = WorkerParamsMapper.ToRequest(parameters);
            stream = backend.GenerateAsync(request, ct).GetAsyncEnumerator(ct);
            if (!await stream.MoveNextAsync().ConfigureAwait(false)) stream = null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            failure = ErrorChunk(e);
        }
        if (failure is not null || stream is null || request is null)
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            if (failure is not null) yield return failure;
            yield break;
        }

        var text = new StringBuilder();
        var logprobs = request.Logprobs is null ? null : new WorkerLogprobs([], [], [], []);
        var offset = request.Echo ? request.Prompt.Length : 0;
        // FastChat's generate_stream puts usage in every chunk, not only the last one.
        var promptTokens = backend.CountTokens(request.Prompt);
        var completionTokens = 0;
        try
        {
            do
            {
                var delta = stream.Current;
                text.Append(delta.Text);
                completionTokens += delta.Tokens.Count;
                if (logprobs is not null)
                    foreach (var token in delta.Tokens)
                    {
                        logprobs.TextOffset.Add(offset);
                        offset += token.Token.Length;
                        logprobs.Tokens.Add(token.Token);
                        logprobs.TokenLogprobs.Add(token.Logprob);
                        logprobs.TopLogprobs.Add(token.TopLogprobs?.GroupBy(t => t.Token).ToDictionary(g => g.Key, g => g.First().Logprob));
                    }
                yield return new WorkerChunk
                {
                    Text = text.ToString(),
                    Usage = delta.Usage is { } u
                        ? new WorkerUsage(u.PromptTokens, u.CompletionTokens, u.TotalTokens)
                        : new WorkerUsage(promptTokens, completionTokens, promptTokens + completionTokens),
                    FinishReason = delta.FinishReason,
                    Logprobs = logprobs,
                };
            }
            while (await MoveNextOrFailAsync(stream).ConfigureAwait(false));
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<bool> MoveNextOrFailAsync(IAsyncEnumerator<TextDelta> stream) =>
        await stream.MoveNextAsync().ConfigureAwait(false);

    private WorkerChunk ErrorChunk(Exception e)
    {
        var error = ErrorResponses.ToApiException(e, CancellationToken.None);
        var code = e switch
        {
            ServiceOverloadedException => WorkerErrorCodes.EngineOverloaded,
            ApiException { Code: "context_length_exceeded" } => WorkerErrorCodes.ContextOverflow,
            JsonException => WorkerErrorCodes.ValidationTypeError,
            ArgumentException or ApiException { StatusCode: 400 } => WorkerErrorCodes.ParamOutOfRange,
            _ => WorkerErrorCodes.InternalError,
        };
        if (code == WorkerErrorCodes.InternalError) logger.LogError(e, "worker_generate_stream failed");
        return new WorkerChunk { Text = error.Message, ErrorCode = code, Usage = null, FinishReason = null };
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync<WorkerEmbeddingsRequest>(context.Request.Body, ServingJson.Options, context.RequestAborted).ConfigureAwait(false);
        try
        {
            var inputs = RequestMapper.EmbeddingInputs(new EmbeddingRequest { Input = request?.Input });
            var result = await backend.EmbedAsync(inputs, context.RequestAborted).ConfigureAwait(false);
            if (request?.EncodingFormat == "base64") // FastChat's model_worker: base64 of each embedding's float32 bytes
                await context.Response.WriteAsJsonAsync(
                    new WorkerEmbeddingsBase64Response([.. result.Embeddings.Select(e => Convert.ToBase64String(MemoryMarshal.AsBytes(e.AsSpan())))], result.TokenCount),
                    ServingJson.Options).ConfigureAwait(false);
            else
                await context.Response.WriteAsJsonAsync(new WorkerEmbeddingsResponse(result.Embeddings, result.TokenCount), ServingJson.Options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ApiException or ArgumentException or ServiceOverloadedException)
        {
            var chunk = ErrorChunk(e);
            await context.Response.WriteAsJsonAsync(new WorkerEmbeddingsResponse([], 0, chunk.ErrorCode, chunk.Text), ServingJson.Options).ConfigureAwait(false);
        }
    }

    private async Task CountTokenAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync<CountTokenRequest>(context.Request.Body, ServingJson.Options, context.RequestAborted).ConfigureAwait(false);
        await context.Response.WriteAsJsonAsync(new CountTokenResponse(backend.CountTokens(request?.Prompt ?? ""), 0), ServingJson.Options).ConfigureAwait(false);
    }

    private async Task ApplyChatTemplateAsync(HttpContext context)
    {
        var request = await JsonSerializer.DeserializeAsync<ApplyChatTemplateRequest>(context.Request.Body, ServingJson.Options, context.RequestAborted).ConfigureAwait(false);
        try
        {
            var prompt = backend.Renderer.Render([.. (request?.Messages ?? []).Select(m => new ChatMessage(m.Role, m.Content))]);
            await context.Response.WriteAsJsonAsync(new ApplyChatTemplateResponse(prompt.Prompt, prompt.StopStrings, prompt.StopTokenIds), ServingJson.Options).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(ErrorResponses.Body(ErrorResponses.ToApiException(e, CancellationToken.None)), ServingJson.Options).ConfigureAwait(false);
        }
    }
}
