using Microsoft.Extensions.Hosting;

namespace FastChat.Serving.Controller;

/// <summary>Sweeps expired workers out of the registry (FastChat's heart_beat_controller thread).</summary>
public sealed class HeartbeatExpiryService(WorkerRegistry registry, ControllerOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Sweep several times per expiration period, so a dead worker is gone at most ~1.25 periods after its last beat.
        var period = options.HeartbeatExpiration / 4;
        if (period < TimeSpan.FromMilliseconds(50)) period = TimeSpan.FromMilliseconds(50);
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) registry.RemoveExpired();
        }
        catch (OperationCanceledException) { }
    }
}
