using System.ClientModel;

namespace FastChat.Evaluation.Endpoints;

/// <summary>
/// Retries transient endpoint failures (network errors, timeouts, 408/409/429/5xx) with exponential backoff and
/// jitter; other errors (bad request, unknown model, bad key) fail at once. Each failed attempt is reported.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Attempts in all, the first included (FastChat's API_MAX_RETRY is 16 at a fixed 10 s).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait after the first failure; doubles each time.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Waits are multiplied by a random factor in [1 - Jitter, 1 + Jitter] so parallel clients spread out.</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Called after each failed attempt that will be retried: (attempt number, error, wait before the next).</summary>
    public Action<int, Exception, TimeSpan>? OnRetry { get; init; }

    /// <summary>Waits between attempts; replaceable so tests can record them instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Runs <paramref name="action"/> until it succeeds, fails permanently or runs out of attempts.</summary>
    /// <exception cref="RetryExhaustedException">The last attempt failed (or a permanent error); holds the attempt count and last error.</exception>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (!IsTransient(e) || attempt >= MaxAttempts) throw new RetryExhaustedException(attempt, e);
                var wait = DelayAfter(attempt);
                OnRetry?.Invoke(attempt, e, wait);
                await Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> before jitter: BaseDelay * 2^(attempt-1), capped.</summary>
    public TimeSpan NominalDelay(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, attempt - 1)));

    private TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks((long)(NominalDelay(attempt).Ticks * (1 + Jitter * (2 * Random.Shared.NextDouble() - 1))));

    /// <summary>True for errors worth retrying: no response at all, timeouts, throttling and server errors.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        ClientResultException r => r.Status is 0 or 408 or 409 or 429 or >= 500,
        HttpRequestException or TimeoutException or IOException or TaskCanceledException => true,
        _ => false,
    };
}

/// <summary>A call that failed after every allowed attempt, or failed permanently.</summary>
public sealed class RetryExhaustedException(int attempts, Exception lastError)
    : Exception($"failed after {attempts} attempt(s): {Describe(lastError)}", lastError)
{
    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; } = attempts;

    /// <summary>A one-line description of an endpoint error (status and message).</summary>
    public static string Describe(Exception e) => e switch
    {
        ClientResultException r when r.Status != 0 => $"HTTP {r.Status}: {FirstLine(r.Message)}",
        _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
