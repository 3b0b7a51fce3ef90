using Dars.Runtime.Outbox;
using Dars.Runtime.Timers;

namespace Dars.Runtime.Clock;

/// <summary>
/// Steps the development clock forward through every timer that falls due on the way, in order,
/// firing each and applying its command before moving on, so what one timer schedules is seen too.
/// </summary>
public sealed class ClockAdvancer(DevClock clock, TimerTable timers, TimerSweep sweep, OutboxSweep outbox)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<DateTimeOffset> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var target = clock.GetUtcNow() + by;
            await outbox.RunAsync(TimeSpan.Zero, cancellationToken);
            while (await timers.GetNextDueAsync(target, cancellationToken) is { } next)
            {
                clock.AdvanceTo(next.DueAt);
                await sweep.RunAsync(cancellationToken);
                await outbox.RunAsync(TimeSpan.Zero, cancellationToken);
            }
            clock.AdvanceTo(target);
            await sweep.RunAsync(cancellationToken);
            return clock.GetUtcNow();
        }
        finally { _gate.Release(); }
    }
}
