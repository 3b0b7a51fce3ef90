namespace Dars.Runtime.Storage;

/// <summary>
/// Where DARS keeps its state. Locally a connection string (<c>AzureWebJobsStorage</c>, Azurite);
/// in Azure the service URIs with a managed identity, never an account key.
/// </summary>
public sealed class StorageOptions
{
    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Prefix for every table, queue and container name, so test runs and apps can share an account.</summary>
    public string NamePrefix { get; set; } = "dars";

    public string InstancesTable => Table("instances");
    public string ReferencesTable => Table("references");
    public string TimersTable => Table("timers");
    public string IndexTable => Table("index");
    public string ActivityQueue => $"{NamePrefix.ToLowerInvariant()}-activities";
    public string ActivityPoisonQueue => $"{ActivityQueue}-poison";
    public string NotificationsContainer => $"{NamePrefix.ToLowerInvariant()}-notifications";

    private string Table(string name) => new string(NamePrefix.Where(char.IsLetterOrDigit).ToArray()) + name;
}
