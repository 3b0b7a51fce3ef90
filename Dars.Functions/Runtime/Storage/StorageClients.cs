using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Dars.Runtime.Storage;

/// <summary>The three storage service clients, made once from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    public StorageClients(StorageOptions options, TokenCredential? credential = null)
    {
        Options = options;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Tables = new TableServiceClient(options.ConnectionString);
            Queues = new QueueServiceClient(options.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            Blobs = new BlobServiceClient(options.ConnectionString);
            return;
        }
        if (options.TableServiceUri is null || options.QueueServiceUri is null || options.BlobServiceUri is null)
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage to a connection string (UseDevelopmentStorage=true for Azurite), "
                + "or AzureWebJobsStorage__tableServiceUri, __queueServiceUri and __blobServiceUri for a managed identity.");
        credential ??= new DefaultAzureCredential();
        Tables = new TableServiceClient(options.TableServiceUri, credential);
        Queues = new QueueServiceClient(options.QueueServiceUri, credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Blobs = new BlobServiceClient(options.BlobServiceUri, credential);
    }

    public StorageOptions Options { get; }
    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    /// <summary>Creates every table, queue and container DARS uses; safe to run at every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in new[] { Options.InstancesTable, Options.ReferencesTable, Options.TimersTable, Options.IndexTable })
            await Tables.GetTableClient(table).CreateIfNotExistsAsync(cancellationToken);
        foreach (var queue in new[] { Options.ActivityQueue, Options.ActivityPoisonQueue })
            await Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var container in Options.Containers)
            await Blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
