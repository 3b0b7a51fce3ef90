using Dars.Runtime.Storage;

namespace Dars.Hosting.Runners;

/// <summary>
/// Creates the tables, queues and containers before the other runners start. If storage does not answer,
/// the app starts anyway (so <c>/api/health</c> can say 503) and creation is retried in the background.
/// </summary>
public sealed class StorageInitializer(StorageClients storage, ILogger<StorageInitializer> logger) : IHostedService
{
    private static readonly TimeSpan FirstTry = TimeSpan.FromSeconds(10), RetryEvery = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stopping = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryCreateAsync(FirstTry, cancellationToken)) return;
        _ = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested && !await TryCreateAsync(RetryEvery, _stopping.Token))
                await Task.Delay(RetryEvery, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task<bool> TryCreateAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            await storage.EnsureCreatedAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError("Storage did not answer ({Error}); DARS is up but unhealthy and will keep trying", e.GetType().Name);
            return false;
        }
    }
}
