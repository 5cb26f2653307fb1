using System.Net.Http.Json;
using System.Text.Json;
using FastChat.Serving.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.Controller;

/// <summary>
/// FastChat's controller API: register_worker, receive_heart_beat, list_models, list_multimodal_models,
/// list_language_models, get_worker_address, refresh_all_workers, worker_get_status (the sum of its workers, so
/// controllers can stack), worker_generate_stream relayed to a dispatched worker, and GET test_connection.
/// </summary>
public sealed class ControllerEndpoints(WorkerRegistry registry, IHttpClientFactory httpClients, ControllerOptions options, ILogger<ControllerEndpoints> logger)
{
    public const string HttpClientName = "fastchat-controller";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder routes)
    {
        var controller = routes.ServiceProvider.GetRequiredService<ControllerEndpoints>();
        routes.MapPost("/register_worker", (Delegate)controller.RegisterAsync);
        routes.MapPost("/receive_heart_beat", (Delegate)controller.HeartBeatAsync);
        routes.MapPost("/list_models", () => Results.Json(new ModelListResponse(controller.Registry.Models()), ServingJson.Options));
        // FastChat's gradio web server lists models with these two (by the multimodal flag of register_worker).
        routes.MapPost("/list_multimodal_models", () => Results.Json(new ModelListResponse(controller.Registry.Models(multimodal: true)), ServingJson.Options));
        routes.MapPost("/list_language_models", () => Results.Json(new ModelListResponse(controller.Registry.Models(multimodal: false)), ServingJson.Options));
        routes.MapGet("/test_connection", () => Results.Json("success"));
        routes.MapPost("/get_worker_address", (Delegate)controller.WorkerAddressAsync);
        routes.MapPost("/refresh_all_workers", controller.RefreshAllAsync);
        routes.MapPost("/worker_get_status", (Delegate)controller.AggregateStatusAsync);
        routes.MapPost("/worker_generate_stream", controller.RelayGenerateStreamAsync);
        return routes;
    }

    public WorkerRegistry Registry => registry;

    private async Task<IResult> HeartBeatAsync(HttpContext context)
    {
        var beat = await Read<HeartBeatRequest>(context).ConfigureAwait(false);
        return Results.Json(new HeartBeatResponse(registry.HeartBeat(beat.WorkerName, beat.QueueLength)), ServingJson.Options);
    }

    private async Task<IResult> WorkerAddressAsync(HttpContext context)
    {
        var request = await Read<WorkerAddressRequest>(context).ConfigureAwait(false);
        return Results.Json(new WorkerAddressResponse(registry.Dispatch(request.Model)), ServingJson.Options);
    }

    private async Task<IResult> RegisterAsync(HttpContext context)
    {
        var request = await Read<RegisterWorkerRequest>(context).ConfigureAwait(false);
        var status = request.WorkerStatus ?? await GetStatusAsync(request.WorkerName, context.RequestAborted).ConfigureAwait(false);
        if (status is null) return Results.Json(false);
        registry.Register(request.WorkerName, request.CheckHeartBeat, status, request.Multimodal);
        return Results.Json(true);
    }

    // FastChat re-registers every worker from a fresh status call and drops the ones that do not answer.
    private async Task RefreshAllAsync(HttpContext context)
    {
        foreach (var (name, entry) in registry.Snapshot())
        {
            var status = await GetStatusAsync(name, context.RequestAborted).ConfigureAwait(false);
            if (status is null)
            {
                logger.LogInformation("Remove stale worker {Worker}", name);
                registry.Remove(name);
            }
            else registry.Register(name, entry.CheckHeartBeat, status, entry.Multimodal);
        }
    }

    private async Task<IResult> AggregateStatusAsync(HttpContext context)
    {
        var statuses = await Task.WhenAll(registry.Snapshot().Keys.Select(w => GetStatusAsync(w, context.RequestAborted))).ConfigureAwait(false);
        var live = statuses.Where(s => s is not null).Select(s => s!).ToList();
        return Results.Json(new WorkerStatus([.. live.SelectMany(s => s.ModelNames).Distinct()], live.Sum(s => s.Speed), live.Sum(s => s.QueueLength)),
                            ServingJson.Options);
    }

    private async Task RelayGenerateStreamAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        var model = body.RootElement.TryGetProperty("model", out var m) ? m.GetString() ?? "" : "";
        var address = registry.Dispatch(model);
        context.Response.ContentType = "application/octet-stream";
        if (address.Length == 0)
        {
            await WriteChunkAsync(context, new WorkerChunk { Text = $"No worker serves model '{model}'.", ErrorCode = WorkerErrorCodes.ControllerNoWorker }).ConfigureAwait(false);
            return;
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address.TrimEnd('/') + "/worker_generate_stream") { Content = ServingJson.Content(body.RootElement) };
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Worker {Worker} failed: {Message}", address, e.Message);
            await WriteChunkAsync(context, new WorkerChunk { Text = $"Worker {address} failed: {e.Message}", ErrorCode = WorkerErrorCodes.ControllerWorkerTimeout }).ConfigureAwait(false);
        }
    }

    private static async Task WriteChunkAsync(HttpContext context, WorkerChunk chunk)
    {
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(chunk, ServingJson.Options), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.WriteAsync(new byte[] { 0 }, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<WorkerStatus?> GetStatusAsync(string worker, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.WorkerTimeout);
            using var response = await httpClients.CreateClient(HttpClientName)
                .PostAsync(worker.TrimEnd('/') + "/worker_get_status", null, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return null;
            return await response.Content.ReadFromJsonAsync<WorkerStatus>(ServingJson.Options, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            logger.LogWarning("Get status of {Worker} failed: {Message}", worker, e.Message);
            return null;
        }
    }

    private static async Task<T> Read<T>(HttpContext context) =>
        await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ServingJson.Options, context.RequestAborted).ConfigureAwait(false)
        ?? throw new BadHttpRequestException("The body must be a JSON object.");
}
