using Dars.Lifecycle;

namespace Dars.Runtime.Sla;

/// <summary>
/// The once-a-day checks (the SLA check), due at <see cref="RuntimeOptions.DailyCheckTime"/> UK time.
/// Remembers the last day it ran so the minute-by-minute runner and the dev clock run it once a day.
/// Running it twice is harmless: each mark is made once.
/// </summary>
public sealed class DailyChecks(SlaDailyCheck sla, RuntimeOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateOnly? _lastRun;

    /// <summary>The instant the next daily check falls due, after the last day it ran.</summary>
    public DateTimeOffset NextDue(DateTimeOffset now)
    {
        var today = UkTime.DateOf(now);
        var day = _lastRun is { } last && last >= today ? last.AddDays(1) : today;
        return UkTime.StartOf(day) + options.DailyCheckTime;
    }

    public async Task<bool> RunIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (now < NextDue(now)) return false;
            await sla.RunAsync(cancellationToken);
            _lastRun = UkTime.DateOf(now);
            return true;
        }
        finally { _gate.Release(); }
    }
}
