using FastChat.Serving.Worker;
using Microsoft.Extensions.Logging;

namespace FastChat.Serving.Controller;

/// <summary>
/// The controller's table of workers (FastChat's <c>Controller.worker_info</c>): registration, heart beats,
/// expiry and dispatch. Thread-safe; times come from a <see cref="TimeProvider"/> so expiry is testable.
/// </summary>
public sealed class WorkerRegistry(ControllerOptions options, TimeProvider time, ILogger<WorkerRegistry> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, WorkerEntry> _workers = new(StringComparer.Ordinal);

    /// <summary>A registered worker.</summary>
    public sealed record WorkerEntry(IReadOnlyList<string> ModelNames, int Speed, int QueueLength, bool CheckHeartBeat, DateTimeOffset LastHeartBeat,
                                     bool Multimodal = false);

    public void Register(string workerName, bool checkHeartBeat, WorkerStatus status, bool multimodal = false)
    {
        lock (_lock)
        {
            logger.LogInformation("{Action} worker {Worker}: models {Models}, speed {Speed}, queue {Queue}",
                                  _workers.ContainsKey(workerName) ? "Re-register" : "Register", workerName,
                                  string.Join(",", status.ModelNames), status.Speed, status.QueueLength);
            _workers[workerName] = new WorkerEntry(status.ModelNames, status.Speed, status.QueueLength, checkHeartBeat, time.GetUtcNow(), multimodal);
        }
    }

    public void Remove(string workerName)
    {
        lock (_lock) _workers.Remove(workerName);
    }

    /// <summary>Records a heart beat; false for an unknown worker (it must register again).</summary>
    public bool HeartBeat(string workerName, int queueLength)
    {
        lock (_lock)
        {
            if (!_workers.TryGetValue(workerName, out var entry))
            {
                logger.LogInformation("Heart beat from unknown worker {Worker}", workerName);
                return false;
            }
            _workers[workerName] = entry with { QueueLength = queueLength, LastHeartBeat = time.GetUtcNow() };
            return true;
        }
    }

    /// <summary>Every model some worker serves; with <paramref name="multimodal"/>, only those of (non-)multimodal workers.</summary>
    public IReadOnlyList<string> Models(bool? multimodal = null)
    {
        lock (_lock)
            return [.. _workers.Values.Where(w => multimodal is not { } m || w.Multimodal == m)
                                      .SelectMany(w => w.ModelNames).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyDictionary<string, WorkerEntry> Snapshot()
    {
        lock (_lock) return new Dictionary<string, WorkerEntry>(_workers);
    }

    /// <summary>Removes workers whose last heart beat is older than the expiration; returns their names.</summary>
    public IReadOnlyList<string> RemoveExpired()
    {
        var cutoff = time.GetUtcNow() - options.HeartbeatExpiration;
        lock (_lock)
        {
            var expired = _workers.Where(w => w.Value.CheckHeartBeat && w.Value.LastHeartBeat < cutoff).Select(w => w.Key).ToList();
            foreach (var name in expired)
            {
                _workers.Remove(name);
                logger.LogWarning("Worker {Worker} expired: no heart beat for {Expiration}", name, options.HeartbeatExpiration);
            }
            return expired;
        }
    }

    /// <summary>The address of a worker serving <paramref name="model"/>, or "" when none does.</summary>
    public string Dispatch(string model)
    {
        lock (_lock)
        {
            var candidates = _workers.Where(w => w.Value.ModelNames.Contains(model)).ToList();
            if (candidates.Count == 0) return "";
            if (options.Dispatch == DispatchMethod.Lottery)
            {
                double total = candidates.Sum(c => Math.Max(0, c.Value.Speed));
                if (total < 1e-4) return "";
                var ticket = Random.Shared.NextDouble() * total;
                foreach (var (name, entry) in candidates)
                {
                    ticket -= Math.Max(0, entry.Speed);
                    if (ticket < 0) return name;
                }
                return candidates[^1].Key;
            }
            var best = candidates.MinBy(c => c.Value.QueueLength / (double)Math.Max(1, c.Value.Speed));
            _workers[best.Key] = best.Value with { QueueLength = best.Value.QueueLength + 1 };
            return best.Key;
        }
    }
}
