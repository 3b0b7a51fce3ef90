using Dars.Runtime.Outbox;
using Dars.Runtime.Sla;
using Dars.Runtime.Timers;

namespace Dars.Runtime.Clock;

/// <summary>
/// Steps the development clock forward through every timer and daily check that falls due on the way,
/// in order, applying each one's commands (and dispatching what they schedule) before moving on.
/// </summary>
public sealed class ClockAdvancer(DevClock clock, TimerTable timers, TimerSweep sweep, DailyChecks daily, OutboxSweep outbox)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<DateTimeOffset> AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var target = clock.GetUtcNow() + by;
            await outbox.SweepAllAsync(TimeSpan.Zero, cancellationToken);
            while (true)
            {
                var timer = (await timers.GetNextDueAsync(target, cancellationToken))?.DueAt;
                var check = daily.NextDue(clock.GetUtcNow());
                var next = timer is { } t && t <= check ? t : check;
                if (next > target) break;

                clock.AdvanceTo(next);
                if (next == timer) await sweep.RunAsync(cancellationToken);
                else await daily.RunIfDueAsync(clock.GetUtcNow(), housekeeping: false, cancellationToken);
                await outbox.SweepAllAsync(TimeSpan.Zero, cancellationToken);
            }
            clock.AdvanceTo(target);
            await sweep.RunAsync(cancellationToken);
            await outbox.SweepAllAsync(TimeSpan.Zero, cancellationToken);
            return clock.GetUtcNow();
        }
        finally { _gate.Release(); }
    }
}
