using Dars.Runtime.Storage;

namespace Dars.Hosting.Runners;

/// <summary>Creates the tables, queues and containers before anything else starts.</summary>
public sealed class StorageInitializer(StorageClients storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
