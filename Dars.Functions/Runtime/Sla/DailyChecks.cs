using Dars.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Sla;

/// <summary>
/// The once-a-day checks (the SLA check, the housekeeping of cohort and data files), due at <see cref="RuntimeOptions.DailyCheckTime"/>
/// UK time. Remembers the last day they ran so the minute-by-minute runner and the dev clock run them once a day.
/// Running them twice is harmless: each mark is made once, and each file deleted once.
/// </summary>
public sealed class DailyChecks(IEnumerable<IDailyCheck> checks, RuntimeOptions options, ILogger<DailyChecks> logger)
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

    /// <summary>
    /// Runs the checks if today's are due. The development clock's simulated days pass <paramref name="housekeeping"/>
    /// false: they need the lifecycle's checks, not the storage's tidying.
    /// </summary>
    public async Task<bool> RunIfDueAsync(DateTimeOffset now, bool housekeeping, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (now < NextDue(now)) return false;
            await RunAsync(housekeeping, cancellationToken);
            _lastRun = UkTime.DateOf(now);
            return true;
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Runs every check now; returns what each did, e.g. "SLA check: 2; cohort housekeeping: 0". When one fails the
    /// others still run, and then the failure is thrown, so that the day is tried again.
    /// </summary>
    public Task<string> RunAllAsync(CancellationToken cancellationToken) => RunAsync(housekeeping: true, cancellationToken);

    private async Task<string> RunAsync(bool housekeeping, CancellationToken cancellationToken)
    {
        var results = new List<string>();
        var failures = new List<Exception>();
        foreach (var check in checks.Where(c => housekeeping || !c.Housekeeping))
        {
            try { results.Add($"{check.Name}: {await check.RunAsync(cancellationToken)}"); }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Daily {Check} failed; it is tried again", check.Name);
                failures.Add(e);
            }
        }
        var done = string.Join("; ", results);
        // What each did, in one line: the housekeepings delete files of patients' data, which should not go unrecorded.
        logger.LogInformation("Daily checks: {Results}", done);
        if (failures.Count > 0) throw new AggregateException("A daily check failed.", failures);
        return done;
    }
}
