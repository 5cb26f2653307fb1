namespace FastChat.Serving.Worker;

/// <summary>Where a worker registers and how often it beats.</summary>
public sealed record WorkerRegistrationOptions
{
    /// <summary>The controller's base URL, e.g. http://localhost:21001.</summary>
    public required string ControllerAddress { get; init; }

    /// <summary>This worker's URL as the controller should call it; null = the first address Kestrel bound.</summary>
    public string? WorkerAddress { get; init; }

    /// <summary>FastChat's WORKER_HEART_BEAT_INTERVAL is 45 s (half the controller's expiration).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(45);
}
