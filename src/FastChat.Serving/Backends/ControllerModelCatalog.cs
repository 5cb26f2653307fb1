using System.Net.Http.Json;
using FastChat.Serving.Worker;

namespace FastChat.Serving.Backends;

/// <summary>
/// Models served by the workers of a FastChat controller: list_models for /v1/models, and get_worker_address per
/// request (the controller's dispatch picks the worker; a dead worker's address is not returned once it expires).
/// </summary>
public sealed class ControllerModelCatalog(HttpClient http, string controllerAddress) : IModelCatalog
{
    private readonly string _controller = controllerAddress.TrimEnd('/');

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(_controller + "/list_models", null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var models = await response.Content.ReadFromJsonAsync<ModelListResponse>(ServingJson.Options, cancellationToken).ConfigureAwait(false);
        return models?.Models ?? [];
    }

    public async Task<IModelBackend?> FindAsync(string model, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(_controller + "/get_worker_address", ServingJson.Content(new WorkerAddressRequest(model)), cancellationToken)
                                       .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var address = (await response.Content.ReadFromJsonAsync<WorkerAddressResponse>(ServingJson.Options, cancellationToken).ConfigureAwait(false))?.Address;
        return string.IsNullOrEmpty(address) ? null : new WorkerModelBackend(new WorkerClient(http, address), model);
    }
}
