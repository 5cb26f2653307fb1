namespace FastChat.Serving.Controller;

/// <summary>How the controller picks a worker for a model (FastChat's --dispatch-method).</summary>
public enum DispatchMethod
{
    /// <summary>Random, weighted by each worker's speed.</summary>
    Lottery,

    /// <summary>The worker with the least queue_length / speed; its queue length is bumped by one on dispatch.</summary>
    ShortestQueue,
}

/// <summary>Controller settings.</summary>
public sealed record ControllerOptions
{
    public DispatchMethod Dispatch { get; init; } = DispatchMethod.ShortestQueue;

    /// <summary>A worker that checks heart beats and has sent none for this long is removed (FastChat: 90 s).</summary>
    public TimeSpan HeartbeatExpiration { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Timeout of the controller's own calls to workers (refresh, status).</summary>
    public TimeSpan WorkerTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
