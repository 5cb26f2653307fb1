using System.CommandLine;
using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using FastChat.Quantization.Generation;
using FastChat.Serving;
using FastChat.Serving.Controller;
using FastChat.Serving.Hosting;
using FastChat.Serving.Worker;
using Microsoft.Extensions.Logging;

namespace FastChat.Cli.Commands;

/// <summary>
/// `fastchat serve [-m MODEL.gguf] [--host] [--port] [--api-keys]`: the OpenAI-compatible API and the FastChat
/// worker protocol in one process (with --controller URL it also registers as a worker).
/// `fastchat serve controller` runs a FastChat controller; `fastchat serve api --controller URL` an API server
/// that routes through one. Without -m the embedded demo chat model is served (models/demo: stories260K fine-tuned
/// on conversations in the vicuna format, copied next to the CLI).
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<FileInfo?>("--model", "-m") { Description = "GGUF model file (default: the embedded demo chat model)" };
        var host = HostOption();
        var port = PortOption(8000);
        var apiKeys = ApiKeysOption();
        var name = new Option<string?>("--model-name") { Description = "Name clients use (default: the file name)" };
        var template = new Option<string?>("--conv-template") { Description = "FastChat conversation template (default: chosen from the model name)" };
        var controller = new Option<string?>("--controller") { Description = "Register as a worker with this controller URL" };
        var workerAddress = new Option<string?>("--worker-address") { Description = "This worker's URL as the controller should call it (default: http://HOST:PORT)" };
        var threads = new Option<int>("--threads", "-t") { Description = "Compute threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var ctx = new Option<int?>("--ctx-size", "-c") { Description = "Context length (default: the model's)" };
        var maxRunning = new Option<int>("--max-running") { Description = "Most sequences decoding at once", DefaultValueFactory = _ => 16 };
        var maxQueued = new Option<int>("--max-queued") { Description = "Most requests waiting; more get HTTP 429", DefaultValueFactory = _ => 64 };
        var noRepack = new Option<bool>("--no-repack") { Description = "Multiply Q4_0/Q8_0 weights in place instead of repacking them at load" };
        var command = new Command("serve", "Serve a model: OpenAI-compatible API + FastChat worker protocol")
        {
            model, host, port, apiKeys, name, template, controller, workerAddress, threads, ctx, maxRunning, maxQueued, noRepack,
            ControllerCommand(context), ApiCommand(context),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var path = parseResult.GetValue(model)?.FullName ?? DefaultModel(context);
                if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist");
                // The demo model was trained on vicuna-format conversations; it has no template of its own.
                var templateName = parseResult.GetValue(template) ?? (parseResult.GetValue(model) is null ? DemoTemplate : null);
                await using var served = ServedModel.Load(path, parseResult.GetValue(name),
                    new ModelOptions { ContextLength = parseResult.GetValue(ctx), RepackWeights = !parseResult.GetValue(noRepack) },
                    new SchedulerOptions { Threads = parseResult.GetValue(threads), MaxRunningSequences = parseResult.GetValue(maxRunning), MaxQueuedRequests = parseResult.GetValue(maxQueued) },
                    context.LoggerFactory);
                var url = Url(parseResult.GetValue(host)!, parseResult.GetValue(port));
                var registration = parseResult.GetValue(controller) is { } controllerUrl
                    ? new WorkerRegistrationOptions { ControllerAddress = controllerUrl, WorkerAddress = parseResult.GetValue(workerAddress) ?? url }
                    : null;
                await using var app = ServingApplications.CreateModelServer([url], served.Service, served.Name,
                    new ServingOptions { ApiKeys = Keys(parseResult.GetValue(apiKeys)) }, templateName, registration, Logging(context));
                await app.StartAsync(cancellationToken);
                context.Error.WriteLine($"serving model '{served.Name}' from {path} ({served.Model.Config.Architecture}, context {served.Model.Config.ContextLength}) at {app.BoundAddress()}/v1" +
                                        (registration is null ? "" : $"; registered with controller {registration.ControllerAddress}"));
                await WaitForShutdown(app, cancellationToken);
                return 0;
            }
            catch (Exception e) when (ModelArguments.IsInputError(e))
            {
                return context.Fail(e.Message);
            }
        });
        return command;
    }

    private static Command ControllerCommand(CliContext context)
    {
        var host = HostOption();
        var port = PortOption(21001);
        var dispatch = new Option<string>("--dispatch-method") { Description = "lottery or shortest_queue", DefaultValueFactory = _ => "shortest_queue" };
        var expiration = new Option<double>("--heartbeat-expiration") { Description = "Seconds without a heart beat before a worker is removed", DefaultValueFactory = _ => 90 };
        var command = new Command("controller", "Run a FastChat controller (workers register here)") { host, port, dispatch, expiration };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var method = parseResult.GetValue(dispatch) switch
            {
                "lottery" => DispatchMethod.Lottery,
                "shortest_queue" => DispatchMethod.ShortestQueue,
                var other => (DispatchMethod?)null,
            };
            if (method is null) return context.Fail($"--dispatch-method must be lottery or shortest_queue, not '{parseResult.GetValue(dispatch)}'");
            await using var app = ServingApplications.CreateController([Url(parseResult.GetValue(host)!, parseResult.GetValue(port))],
                new ControllerOptions { Dispatch = method.Value, HeartbeatExpiration = TimeSpan.FromSeconds(parseResult.GetValue(expiration)) }, Logging(context));
            await app.StartAsync(cancellationToken);
            context.Error.WriteLine($"controller listening at {app.BoundAddress()} (dispatch {parseResult.GetValue(dispatch)})");
            await WaitForShutdown(app, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command ApiCommand(CliContext context)
    {
        var host = HostOption();
        var port = PortOption(8000);
        var apiKeys = ApiKeysOption();
        var controller = new Option<string>("--controller") { Description = "Controller URL", DefaultValueFactory = _ => "http://localhost:21001" };
        var command = new Command("api", "Run the OpenAI-compatible API server over a controller's workers") { host, port, apiKeys, controller };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var app = ServingApplications.CreateApiServer([Url(parseResult.GetValue(host)!, parseResult.GetValue(port))], parseResult.GetValue(controller)!,
                new ServingOptions { ApiKeys = Keys(parseResult.GetValue(apiKeys)) }, Logging(context));
            await app.StartAsync(cancellationToken);
            context.Error.WriteLine($"OpenAI API at {app.BoundAddress()}/v1 routing through controller {parseResult.GetValue(controller)}");
            await WaitForShutdown(app, cancellationToken);
            return 0;
        });
        return command;
    }

    private const string DemoTemplate = "vicuna_v1.1";

    /// <summary>
    /// The demo chat model copied next to the CLI; should it be missing (a trimmed deployment), a tiny random llama
    /// generated once into artifacts/models, said plainly.
    /// </summary>
    private static string DefaultModel(CliContext context)
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "models", "fastchat-demo-260K.gguf");
        if (File.Exists(demo)) return demo;
        var generated = Path.GetFullPath(Path.Combine("artifacts", "models", "tiny-random.gguf"));
        if (!File.Exists(generated))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(generated)!);
            context.Error.WriteLine($"no model given and the demo model {demo} is missing: generating a tiny random model into {generated}");
            RandomModelGenerator.Write(new GenerationOptions { Preset = ModelPresets.Tiny }, generated);
        }
        return generated;
    }

    private static Option<string> HostOption() => new("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };

    private static Option<int> PortOption(int port) => new("--port") { Description = "Port (0 = any free port)", DefaultValueFactory = _ => port };

    private static Option<string?> ApiKeysOption() => new("--api-keys") { Description = "Comma-separated API keys required on /v1 (default: none)" };

    private static string[] Keys(string? keys) => keys?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static string Url(string host, int port) => $"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}";

    // Request logs at Information unless FASTCHAT_LOG_LEVEL says otherwise; ASP.NET's own chatter at Warning.
    private static Action<ILoggingBuilder> Logging(CliContext context) => logging =>
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        logging.SetMinimumLevel(Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("FASTCHAT_LOG_LEVEL"), true, out var level) ? level : LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
    };

    // Ctrl+C reaches us through the command's token; SIGTERM through the host's console lifetime, which stops the
    // application (ApplicationStopping) instead of the process: wait for either.
    private static async Task WaitForShutdown(Microsoft.AspNetCore.Builder.WebApplication app, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try { await Task.Delay(Timeout.Infinite, either.Token); }
        catch (OperationCanceledException) { }
        await app.StopAsync(CancellationToken.None);
    }
}
