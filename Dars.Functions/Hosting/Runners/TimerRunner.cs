using Dars.Runtime;
using Dars.Runtime.Timers;

namespace Dars.Hosting.Runners;

/// <summary>The standalone stand-in for the every-minute due-timer trigger.</summary>
public sealed class TimerRunner(TimerSweep sweep, RuntimeOptions options, ILogger<TimerRunner> logger)
    : PeriodicRunner(options.TimerSweepInterval, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(cancellationToken);
}
