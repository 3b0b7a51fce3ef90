using Dars.Runtime.Outbox;

namespace Dars.Hosting.Runners;

/// <summary>Dispatches each commit's outbox right after the commit, off the caller's path.</summary>
public sealed class DispatchRunner(ChannelDispatchQueue queue, OutboxDispatcher dispatcher, ILogger<DispatchRunner> logger) : BackgroundService
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
            }
            finally { queue.Dispatched(state.Id); }
        }
    }
}
