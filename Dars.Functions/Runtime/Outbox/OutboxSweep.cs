using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Outbox;

/// <summary>
/// Finds outbox entries that outlived the dispatch right after their commit (the process stopped in
/// between) and dispatches them. Entries younger than the grace period are left to the in-flight dispatch.
/// </summary>
public sealed class OutboxSweep(ApplicationStore store, OutboxDispatcher dispatcher, TimeProvider time, RuntimeOptions options, ILogger<OutboxSweep> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken) => await RunAsync(options.OutboxSweepGrace, cancellationToken);

    public async Task<int> RunAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var dispatched = 0;
        await foreach (var id in store.FindUndispatchedAsync(time.GetUtcNow() - grace, cancellationToken))
            dispatched += await dispatcher.DispatchPendingAsync(id, cancellationToken);
        if (dispatched > 0) logger.LogWarning("Outbox sweep dispatched {Count} entries a crash had left behind", dispatched);
        return dispatched;
    }
}
