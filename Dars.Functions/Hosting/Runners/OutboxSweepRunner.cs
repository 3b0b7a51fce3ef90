using Dars.Runtime;
using Dars.Runtime.Outbox;

namespace Dars.Hosting.Runners;

/// <summary>The standalone stand-in for the outbox sweep trigger.</summary>
public sealed class OutboxSweepRunner(OutboxSweep sweep, RuntimeOptions options, ILogger<OutboxSweepRunner> logger)
    : PeriodicRunner(options.OutboxSweepInterval, logger)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(cancellationToken);
}
