using FastChat.Engine.Scheduling;
using FastChat.Serving;
using FastChat.Serving.Hosting;
using FastChat.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.Tests;

/// <summary>stories260K served by a real Kestrel server on 127.0.0.1 (port 0), shared by the API tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key";
    public const string ModelName = "stories260K";
    public const long BodyLimit = 64 * 1024;

    public ServedModel Model { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public string BaseAddress { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Model = ServedModel.Load(SharedData.Model("stories260K.gguf"), ModelName,
                                 schedulerOptions: new SchedulerOptions { Threads = 2, MaxRunningSequences = 32, MaxQueuedRequests = 64 });
        App = ServingApplications.CreateModelServer(["http://127.0.0.1:0"], Model.Service, ModelName,
            new ServingOptions { ApiKeys = [ApiKey], MaxRequestBodyBytes = BodyLimit }, logging: Quiet);
        await App.StartAsync();
        BaseAddress = App.BoundAddress();
    }

    public HttpClient CreateClient(bool authorized = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(60) };
        if (authorized) client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        return client;
    }

    public static void Quiet(ILoggingBuilder logging) => logging.ClearProviders();

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Model.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
