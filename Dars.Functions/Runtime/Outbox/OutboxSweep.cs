using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Outbox;

/// <summary>
/// Finds outbox entries that outlived the dispatch right after their commit (the process stopped in
/// between) and dispatches them. Entries younger than the grace period are left to the in-flight dispatch,
/// and so are those of an application with a commit still queued for dispatch in this process.
/// </summary>
public sealed class OutboxSweep(
    ApplicationStore store, OutboxDispatcher dispatcher, ChannelDispatchQueue queue, TimeProvider time, RuntimeOptions options, ILogger<OutboxSweep> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken) => await RunAsync(options.OutboxSweepGrace, cancellationToken);

    public async Task<int> RunAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var dispatched = 0;
        await foreach (var id in store.FindUndispatchedAsync(time.GetUtcNow() - grace, cancellationToken))
        {
            if (queue.IsQueued(id)) continue;
            // One application whose dispatch fails stays for the next sweep and does not hold up the others.
            try { dispatched += await dispatcher.DispatchPendingAsync(id, cancellationToken); }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Outbox of {Application} failed to dispatch; the next sweep tries again", id);
            }
        }
        if (dispatched > 0) logger.LogWarning("Outbox sweep dispatched {Count} entries a crash had left behind", dispatched);
        return dispatched;
    }
}
