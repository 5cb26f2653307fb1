using FastChat.Engine.Generation;
using FastChat.Engine.Models;
using Microsoft.Extensions.Logging;

namespace FastChat.Engine.Scheduling;

// The compute thread's loop and the life of a request on it: queue, admission, finish, cancellation, failure.
// Everything here runs on that thread alone, so its state needs no locks.
public sealed partial class ContinuousBatchingScheduler
{
    private readonly List<ScheduledSequence> _waiting = [];  // FIFO, not yet admitted
    private readonly List<ScheduledSequence> _active = [];   // admitted, in admission order

    private void RunLoop()
    {
        try
        {
            while (!_stopping)
            {
                try
                {
                    TakeIncoming();
                    DropCancelled();
                    RunEmbeddings();
                    Admit();
                    if (_active.Count == 0)
                    {
                        _wake.Wait(); // idle until a request, a cancellation or disposal arrives
                        continue;
                    }
                    Step();
                }
                catch (Exception e) // not tied to one request: fail what runs, keep serving the rest
                {
                    _logger.LogError(e, "A scheduler step failed; failing its {Count} running requests.", _active.Count);
                    foreach (var sequence in _active.ToArray()) Fail(sequence, e);
                }
            }
            Shutdown();
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "The scheduler's compute thread failed while shutting down.");
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void TakeIncoming()
    {
        while (_incoming.TryDequeue(out var sequence)) _waiting.Add(sequence);
    }

    /// <summary>Admits waiting requests in order while a running slot and their KV reservation are available.</summary>
    private void Admit()
    {
        while (_waiting.Count > 0 && _active.Count < _options.MaxRunningSequences)
        {
            var sequence = _waiting[0];
            var bytes = sequence.ReservedPositions * _bytesPerPosition;
            if (!_kv.TryReserve(bytes)) return; // first come, first served: later requests wait too
            _waiting.RemoveAt(0);
            Interlocked.Decrement(ref _queued);
            sequence.ReservedBytes = bytes;
            _active.Add(sequence);
            Volatile.Write(ref _running, _active.Count);
            try
            {
                var cache = Model.CreateCache();
                cache.EnsureCapacity(sequence.ReservedPositions); // allocate the reservation: growth never overshoots it
                sequence.Cache = cache;
                // At least one prompt token is computed, for the logits of the first generated token.
                if (_prefixCache.FindLongestPrefix(sequence.Prompt, sequence.Prompt.Length - 1, _options.MinPrefixMatchTokens) is { } hit)
                {
                    cache.CopyPrefixFrom(hit.Cache, hit.Length);
                    sequence.ReusedPrefixTokens = hit.Length;
                    _counters.PrefixReused(hit.Length);
                }
                if (_logger.IsEnabled(LogLevel.Debug))
                    _logger.LogDebug("Admitted a {Prompt}-token prompt ({Reused} reused), reserving {Bytes} KV bytes; {Running} running.",
                                     sequence.Prompt.Length, sequence.ReusedPrefixTokens, bytes, _active.Count);
            }
            catch (Exception e)
            {
                Fail(sequence, e);
            }
        }
    }

    private void DropCancelled()
    {
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            var sequence = _waiting[i];
            if (!sequence.IsCancellationRequested) continue;
            _waiting.RemoveAt(i);
            Interlocked.Decrement(ref _queued);
            EndCancelled(sequence);
        }
        foreach (var sequence in _active.ToArray())
        {
            if (!sequence.IsCancellationRequested) continue;
            Retire(sequence);
            EndCancelled(sequence);
        }
    }

    private void RunEmbeddings()
    {
        while (!_stopping && _embeddings.TryDequeue(out var job))
        {
            Interlocked.Decrement(ref _queued);
            if (job.Result.Task.IsCompleted) continue; // cancelled while queued
            try
            {
                var embedding = new float[Model.Config.EmbeddingLength];
                Model.Embed(_workspace, job.Tokens, embedding);
                job.Complete(embedding);
            }
            catch (Exception e)
            {
                job.Complete(null, e);
            }
        }
    }

    private void Finish(ScheduledSequence sequence, GenerationChunk final)
    {
        sequence.Emit(WithCachedTokens(sequence, final));
        try
        {
            _prefixCache.Add(sequence.CachedTokens, sequence.Cache!, Model.CreateCache);
        }
        catch (Exception e) // the request itself succeeded; only its reuse is lost
        {
            _logger.LogWarning(e, "Keeping a finished sequence in the prefix cache failed.");
        }
        Retire(sequence);
        sequence.Complete();
        _counters.Completed();
    }

    private void EndCancelled(ScheduledSequence sequence)
    {
        sequence.Emit(WithCachedTokens(sequence, sequence.Decoder.Cancel()));
        sequence.Complete();
        _counters.Cancelled();
    }

    private void Fail(ScheduledSequence sequence, Exception error)
    {
        Retire(sequence);
        sequence.Complete(error);
        _counters.Failed();
    }

    /// <summary>Removes an admitted sequence and frees its KV memory.</summary>
    private void Retire(ScheduledSequence sequence)
    {
        if (!_active.Remove(sequence)) return;
        _kv.Release(sequence.ReservedBytes);
        sequence.ReservedBytes = 0;
        sequence.Cache = null;
        Volatile.Write(ref _running, _active.Count);
    }

    private static GenerationChunk WithCachedTokens(ScheduledSequence sequence, GenerationChunk chunk) =>
        chunk.Usage is { } usage ? chunk with { Usage = usage with { CachedPromptTokens = sequence.ReusedPrefixTokens } } : chunk;

    /// <summary>Fails everything not finished: the scheduler is being disposed.</summary>
    private void Shutdown()
    {
        var error = new ObjectDisposedException(nameof(ContinuousBatchingScheduler), "The scheduler was disposed before the request finished.");
        TakeIncoming();
        foreach (var sequence in _active.ToArray()) Fail(sequence, error);
        foreach (var sequence in _waiting)
        {
            Interlocked.Decrement(ref _queued);
            sequence.Complete(error);
            _counters.Failed();
        }
        _waiting.Clear();
        while (_embeddings.TryDequeue(out var job))
        {
            Interlocked.Decrement(ref _queued);
            job.Complete(null, error);
        }
    }
}
