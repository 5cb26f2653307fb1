using FastChat.Engine.Models;
using FastChat.Engine.Scheduling;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.Hosting;

/// <summary>A loaded model and the continuous-batching scheduler that serves it; disposing stops both.</summary>
public sealed class ServedModel : IAsyncDisposable
{
    private ServedModel(LlamaModel model, ContinuousBatchingScheduler scheduler, string name)
    {
        Model = model;
        Service = scheduler;
        Name = name;
    }

    public LlamaModel Model { get; }

    public IGenerationService Service { get; }

    /// <summary>The name clients use (OpenAI "model"): the file name without .gguf unless given.</summary>
    public string Name { get; }

    /// <exception cref="ModelException">The file is not a model this engine runs.</exception>
    public static ServedModel Load(string path, string? name = null, ModelOptions? modelOptions = null,
                                   SchedulerOptions? schedulerOptions = null, ILoggerFactory? loggerFactory = null)
    {
        var model = LlamaModel.Load(path, modelOptions);
        try
        {
            var scheduler = new ContinuousBatchingScheduler(model, schedulerOptions, loggerFactory?.CreateLogger<ContinuousBatchingScheduler>());
            return new ServedModel(model, scheduler, string.IsNullOrEmpty(name) ? Path.GetFileNameWithoutExtension(path) : name);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync().ConfigureAwait(false);
        Model.Dispose();
    }
}
