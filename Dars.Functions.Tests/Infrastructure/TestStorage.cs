using Dars.Runtime.Storage;

namespace Dars.Tests.Infrastructure;

/// <summary>
/// The Azurite that <c>./dars.sh test</c> started (its connection string in <c>AzureWebJobsStorage</c>),
/// with a fresh name prefix per use so tests never see each other's tables and queues.
/// </summary>
public static class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    public static StorageOptions NewOptions() => new() { ConnectionString = ConnectionString, NamePrefix = NewPrefix() };

    public static async Task<StorageClients> CreateAsync()
    {
        var clients = new StorageClients(NewOptions());
        await clients.EnsureCreatedAsync(CancellationToken.None);
        return clients;
    }

    /// <summary>The names of every blob in the container, in ordinal order.</summary>
    public static async Task<string[]> BlobNamesAsync(this StorageClients clients, string container)
    {
        var names = new List<string>();
        await foreach (var blob in clients.Blobs.GetBlobContainerClient(container).GetBlobsAsync()) names.Add(blob.Name);
        return [.. names.Order(StringComparer.Ordinal)];
    }
}
