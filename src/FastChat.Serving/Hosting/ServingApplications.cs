using FastChat.Engine.Scheduling;
using FastChat.Serving.Backends;
using FastChat.Serving.Controller;
using FastChat.Serving.Observability;
using FastChat.Serving.OpenAi;
using FastChat.Serving.Security;
using FastChat.Serving.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace FastChat.Serving.Hosting;

/// <summary>
/// Builds the three server roles as Kestrel <see cref="WebApplication"/>s: a model server (OpenAI API + FastChat
/// worker protocol over a local model, optionally registered with a controller), an API server routing through a
/// controller, and the controller itself. Every role has /health and /metrics.
/// </summary>
public static class ServingApplications
{
    /// <summary>OpenAI API and worker endpoints for one in-process model.</summary>
    /// <param name="urls">Kestrel URLs, e.g. http://127.0.0.1:8000 (port 0 picks a free one).</param>
    public static WebApplication CreateModelServer(string[] urls, IGenerationService service, string modelName, ServingOptions? options = null,
                                                   string? templateName = null, WorkerRegistrationOptions? registration = null,
                                                   Action<ILoggingBuilder>? logging = null)
    {
        options ??= new ServingOptions();
        var builder = CreateBuilder(urls, options, logging);
        var renderer = ChatPromptRenderer.For(service.Model, modelName, templateName);
        var backend = new LocalModelBackend(service, modelName, renderer);
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(backend);
        builder.Services.AddSingleton<IModelCatalog>(new LocalModelCatalog(backend));
        builder.Services.AddSingleton(sp => new ServingMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), service));
        builder.Services.AddOpenAiEndpoints();
        builder.Services.AddSingleton<WorkerEndpoints>();
        if (registration is not null)
        {
            builder.Services.AddSingleton(registration);
            builder.Services.AddSingleton<WorkerRegistrationService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkerRegistrationService>());
        }
        var app = Build(builder);
        app.Logger.LogInformation("Chat template {Template} ({Source}): {Detail}",
                                  renderer.Selection.Template.Name, renderer.Selection.SourceName, renderer.Selection.Detail);
        app.MapOpenAi();
        WorkerEndpoints.Map(app);
        app.MapGet("/health", () => Results.Json(new { status = "ok", role = "model", model = modelName, stats = service.Stats }, ServingJson.Options));
        return app;
    }

    /// <summary>OpenAI API whose models are the workers registered with <paramref name="controllerAddress"/>.</summary>
    public static WebApplication CreateApiServer(string[] urls, string controllerAddress, ServingOptions? options = null, Action<ILoggingBuilder>? logging = null)
    {
        options ??= new ServingOptions();
        var builder = CreateBuilder(urls, options, logging);
        builder.Services.AddHttpClient(nameof(ControllerModelCatalog), c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<IModelCatalog>(sp =>
            new ControllerModelCatalog(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ControllerModelCatalog)), controllerAddress));
        builder.Services.AddSingleton(sp => new ServingMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddOpenAiEndpoints();
        var app = Build(builder);
        app.MapOpenAi();
        app.MapGet("/health", () => Results.Json(new { status = "ok", role = "api", controller = controllerAddress }, ServingJson.Options));
        return app;
    }

    /// <summary>A FastChat controller.</summary>
    public static WebApplication CreateController(string[] urls, ControllerOptions? controllerOptions = null, Action<ILoggingBuilder>? logging = null)
    {
        var options = new ServingOptions();
        var builder = CreateBuilder(urls, options, logging);
        builder.Services.AddSingleton(controllerOptions ?? new ControllerOptions());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkerRegistry>();
        builder.Services.AddSingleton<ControllerEndpoints>();
        builder.Services.AddHostedService<HeartbeatExpiryService>();
        builder.Services.AddHttpClient(ControllerEndpoints.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton(sp => new ServingMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        var app = Build(builder);
        ControllerEndpoints.Map(app);
        app.MapGet("/health", (WorkerRegistry registry) => Results.Json(new { status = "ok", role = "controller", workers = registry.Snapshot().Count }, ServingJson.Options));
        return app;
    }

    /// <summary>The first address Kestrel bound (after <c>StartAsync</c>), e.g. http://127.0.0.1:43817.</summary>
    public static string BoundAddress(this WebApplication app) => app.Urls.First();

    private static WebApplicationBuilder CreateBuilder(string[] urls, ServingOptions options, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        if (logging is not null) logging(builder.Logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpClient();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServingMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    private static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
