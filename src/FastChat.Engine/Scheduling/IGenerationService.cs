using FastChat.Engine.Generation;
using FastChat.Engine.Models;

namespace FastChat.Engine.Scheduling;

/// <summary>
/// What the serving layer asks of the engine: stream a generation for a tokenized prompt, embed text, and report
/// load. The continuous-batching scheduler implements it for many concurrent requests.
/// </summary>
public interface IGenerationService : IAsyncDisposable
{
    IInferenceBackend Model { get; }

    /// <summary>
    /// Streams the generation for <paramref name="promptIds"/>; the last chunk has the finish reason and usage.
    /// Cancelling stops the sequence within one step and frees its KV memory.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options or a prompt that does not fit the context (thrown before streaming).</exception>
    /// <exception cref="ServiceOverloadedException">The queue is full; retry later (HTTP 429/503).</exception>
    IAsyncEnumerable<GenerationChunk> GenerateAsync(IReadOnlyList<int> promptIds, GenerationOptions options,
                                                    CancellationToken cancellationToken = default);

    /// <summary>A unit-length sentence embedding of <paramref name="tokens"/>.</summary>
    Task<float[]> EmbedAsync(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default);

    SchedulerStats Stats { get; }
}

/// <summary>A snapshot of the service's load, for /metrics and the FastChat worker's status.</summary>
public readonly record struct SchedulerStats(int QueuedRequests, int RunningSequences, long KvBytesUsed, long KvBytesBudget);

/// <summary>The service cannot take another request now (queue full or KV budget exhausted).</summary>
public sealed class ServiceOverloadedException(string message) : Exception(message);
