using Dars.Runtime.Instances;
using Dars.Runtime.Outbox;

namespace Dars.Hosting.Runners;

/// <summary>
/// Dispatches each commit's outbox right after the commit, off the caller's path. A dispatch that fails, or that the
/// process stops before doing, marks its application for the outbox sweep, whose frequent runs read only the marks.
/// </summary>
public sealed class DispatchRunner(ChannelDispatchQueue queue, OutboxDispatcher dispatcher, ApplicationStore store, ILogger<DispatchRunner> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    internal async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (state, entries) in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await dispatcher.DispatchAsync(state, entries, stoppingToken);
                }
                catch (Exception e)
                {
                    if (!stoppingToken.IsCancellationRequested)
                        logger.LogWarning(e, "Dispatch of {Application} v{Version} failed; the outbox sweep will retry it", state.Id, state.Version);
                    await MarkAsync(state.Id);
                }
                finally { queue.Dispatched(state.Id); }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        // Stopping: what was handed over and not dispatched is left to the sweep, marked so it need not wait for a full one.
        foreach (var id in queue.TakeWaiting()) await MarkAsync(id);
    }

    /// <summary>Not cancelled with the process: a mark is one small write, and without it the entries wait for a full sweep.</summary>
    private async Task MarkAsync(string id)
    {
        try { await store.MarkUndispatchedAsync(id, CancellationToken.None); }
        catch (Exception e)
        {
            logger.LogWarning(e, "{Application} could not be marked for the outbox sweep; its next full sweep finds it", id);
        }
    }
}
