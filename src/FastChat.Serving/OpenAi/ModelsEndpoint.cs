using FastChat.Serving.Backends;
using Microsoft.AspNetCore.Http;

namespace FastChat.Serving.OpenAi;

/// <summary>GET /v1/models.</summary>
public sealed class ModelsEndpoint(ApiHandler api, IModelCatalog catalog, ServingOptions options)
{
    public Task HandleAsync(HttpContext context) => api.RunAsync(context, "models", async c =>
    {
        var models = await catalog.ListModelsAsync(c.RequestAborted).ConfigureAwait(false);
        var created = options.StartedAt.ToUnixTimeSeconds();
        await c.Response.WriteAsJsonAsync(new ModelList([.. models.Order(StringComparer.Ordinal).Select(m => new ModelCard(m, created))]),
                                          ServingJson.Options, c.RequestAborted).ConfigureAwait(false);
    });
}
