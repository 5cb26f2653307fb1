namespace FastChat.Serving.Backends;

/// <summary>Which models the OpenAI API serves and where each one runs.</summary>
public interface IModelCatalog
{
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken);

    /// <summary>The backend serving <paramref name="model"/>, or null when no one serves it (HTTP 404).</summary>
    Task<IModelBackend?> FindAsync(string model, CancellationToken cancellationToken);
}

/// <summary>One model in this process.</summary>
public sealed class LocalModelCatalog(LocalModelBackend backend) : IModelCatalog
{
    public LocalModelBackend Backend => backend;

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([backend.ModelName]);

    public Task<IModelBackend?> FindAsync(string model, CancellationToken cancellationToken) =>
        Task.FromResult<IModelBackend?>(model == backend.ModelName ? backend : null);
}
