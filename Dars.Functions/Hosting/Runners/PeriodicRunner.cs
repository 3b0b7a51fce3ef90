namespace Dars.Hosting.Runners;

/// <summary>Runs a piece of work on a fixed interval, as a Functions timer trigger would, and logs rather than dies on failure.</summary>
public abstract class PeriodicRunner(TimeSpan interval, ILogger logger) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "{Runner} failed; it runs again in {Interval}", GetType().Name, interval);
            }
            try { await Task.Delay(interval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
