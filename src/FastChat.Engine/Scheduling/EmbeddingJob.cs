namespace FastChat.Engine.Scheduling;

/// <summary>An embedding request waiting for the compute thread to run it between steps.</summary>
internal sealed class EmbeddingJob(int[] tokens)
{
    private CancellationTokenRegistration _registration;

    public int[] Tokens { get; } = tokens;

    public TaskCompletionSource<float[]> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancels the job (if it has not run) when <paramref name="token"/> does.</summary>
    public void CancelWith(CancellationToken token) =>
        _registration = token.Register(static (s, t) => ((EmbeddingJob)s!).Result.TrySetCanceled(t), this);

    /// <summary>Forgets the cancellation token (the job was never queued).</summary>
    public void DropCancellation() => _registration.Dispose();

    public void Complete(float[]? embedding, Exception? error = null)
    {
        if (error is null) Result.TrySetResult(embedding!);
        else Result.TrySetException(error);
        _registration.Dispose();
    }
}
