using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Timers;

/// <summary>What a due timer turns into: a command on its application. Returns when it is applied (or judged stale).</summary>
public interface ITimerTarget
{
    Task FireAsync(DueTimer timer, CancellationToken cancellationToken);
}

/// <summary>
/// Fires every due timer in due order and removes it. A timer is removed only after its command is
/// applied, so a crash fires it again, and the decider ignores a timer whose moment has passed. A timer
/// whose firing fails stays for the next sweep and does not hold up the ones after it.
/// </summary>
public sealed class TimerSweep(TimerTable timers, ITimerTarget target, TimeProvider time, ILogger<TimerSweep> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fired = 0;
        await foreach (var timer in timers.GetDueAsync(now, cancellationToken))
        {
            try
            {
                await target.FireAsync(timer, cancellationToken);
                await timers.CompleteAsync(timer, cancellationToken);
                fired++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Timer {Timer} of {Application} failed to fire; the next sweep tries again", timer.Timer, timer.ApplicationId);
            }
        }
        await timers.PruneAsync(now, cancellationToken);
        if (fired > 0) logger.LogInformation("Fired {Count} due timers", fired);
        return fired;
    }
}
