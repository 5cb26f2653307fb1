using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FastChat.Serving.OpenAi;

/// <summary>Maps the OpenAI-compatible routes.</summary>
public static class OpenAiRoutes
{
    /// <summary>Registers the endpoint classes (they need an <see cref="Backends.IModelCatalog"/> and <see cref="ServingOptions"/>).</summary>
    public static IServiceCollection AddOpenAiEndpoints(this IServiceCollection services) => services
        .AddSingleton<ApiHandler>()
        .AddSingleton<ModelsEndpoint>()
        .AddSingleton<ChatCompletionsEndpoint>()
        .AddSingleton<CompletionsEndpoint>()
        .AddSingleton<EmbeddingsEndpoint>();

    public static IEndpointRouteBuilder MapOpenAi(this IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider;
        routes.MapGet("/v1/models", services.GetRequiredService<ModelsEndpoint>().HandleAsync);
        routes.MapPost("/v1/chat/completions", services.GetRequiredService<ChatCompletionsEndpoint>().HandleAsync);
        routes.MapPost("/v1/completions", services.GetRequiredService<CompletionsEndpoint>().HandleAsync);
        routes.MapPost("/v1/embeddings", services.GetRequiredService<EmbeddingsEndpoint>().HandleAsync);
        return routes;
    }
}
