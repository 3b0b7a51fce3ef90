using Dars.Runtime;
using Dars.Runtime.Sla;

namespace Dars.Hosting.Runners;

/// <summary>The standalone stand-in for the daily check trigger: looks each minute whether today's check is due.</summary>
public sealed class DailyCheckRunner(DailyChecks checks, TimeProvider time, RuntimeOptions options, ILogger<DailyCheckRunner> logger)
    : PeriodicRunner(options.TimerSweepInterval, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => checks.RunIfDueAsync(time.GetUtcNow(), housekeeping: true, cancellationToken);
}
