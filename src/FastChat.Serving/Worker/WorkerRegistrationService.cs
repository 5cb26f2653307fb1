using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.Worker;

/// <summary>
/// Registers this worker with its controller once the server listens, then sends heart beats with the queue
/// length; registers again when the controller has forgotten it (receive_heart_beat → exist: false), and keeps
/// trying while the controller is unreachable.
/// </summary>
public sealed class WorkerRegistrationService(
    WorkerRegistrationOptions options, WorkerEndpoints worker, IServiceProvider services, IHostApplicationLifetime lifetime,
    IHttpClientFactory httpClients, ILogger<WorkerRegistrationService> logger) : BackgroundService
{
    /// <summary>The address this worker registered under (known once the server has started).</summary>
    public string? WorkerAddress { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try { await started.Task.ConfigureAwait(false); }
            catch (TaskCanceledException) { return; }
        }
        WorkerAddress = options.WorkerAddress ?? BoundAddress();
        var controller = options.ControllerAddress.TrimEnd('/');
        var registered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                registered = registered ? await HeartBeatAsync(controller, stoppingToken).ConfigureAwait(false) : false;
                if (!registered) registered = await RegisterAsync(controller, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Controller {Controller} unreachable: {Message}", controller, e.Message);
                registered = false;
            }
            try { await Task.Delay(registered ? options.HeartbeatInterval : TimeSpan.FromSeconds(Math.Min(5, options.HeartbeatInterval.TotalSeconds)), stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<bool> RegisterAsync(string controller, CancellationToken ct)
    {
        var body = new RegisterWorkerRequest(WorkerAddress!, true, worker.Status());
        using var response = await Client().PostAsync(controller + "/register_worker", ServingJson.Content(body), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        logger.LogInformation("Registered {Worker} with controller {Controller}", WorkerAddress, controller);
        return true;
    }

    private async Task<bool> HeartBeatAsync(string controller, CancellationToken ct)
    {
        var body = new HeartBeatRequest(WorkerAddress!, worker.Status().QueueLength);
        using var response = await Client().PostAsync(controller + "/receive_heart_beat", ServingJson.Content(body), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<HeartBeatResponse>(ServingJson.Options, ct).ConfigureAwait(false);
        return answer?.Exist == true;
    }

    private HttpClient Client()
    {
        var client = httpClients.CreateClient(nameof(WorkerRegistrationService));
        client.Timeout = TimeSpan.FromSeconds(5);
        return client;
    }

    private string BoundAddress()
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.FirstOrDefault()?.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1")
               ?? throw new InvalidOperationException("The server has no address; set the worker address explicitly.");
    }
}
