using Dars.Runtime.Instances;
using Dars.Runtime.Outbox;

namespace Dars.Hosting.Runners;

/// <summary>
/// Dispatches each commit's outbox right after the commit, off the caller's path. A dispatch that fails marks its
/// application for the outbox sweep, whose frequent runs read only the marks.
/// </summary>
public sealed class DispatchRunner(ChannelDispatchQueue queue, OutboxDispatcher dispatcher, ApplicationStore store, ILogger<DispatchRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (state, entries) in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await dispatcher.DispatchAsync(state, entries, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Dispatch of {Application} v{Version} failed; the outbox sweep will retry it", state.Id, state.Version);
                await MarkAsync(state.Id, stoppingToken);
            }
            finally { queue.Dispatched(state.Id); }
        }
    }

    private async Task MarkAsync(string id, CancellationToken stoppingToken)
    {
        try { await store.MarkUndispatchedAsync(id, stoppingToken); }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "{Application} could not be marked for the outbox sweep; its next full sweep finds it", id);
        }
    }
}
