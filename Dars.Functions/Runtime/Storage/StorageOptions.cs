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
    public string NotificationsContainer => Container("notifications");

    /// <summary>Uploaded cohort files with their summaries, error reports and accepted rows.</summary>
    public string CohortsContainer => Container("cohorts");

    /// <summary>Datasets maintained by data producers, one CSV each, and the objection register.</summary>
    public string DatasetsContainer => Container("datasets");

    /// <summary>Produced extracts; private, read only through time-limited links while access is open.</summary>
    public string ReleasesContainer => Container("releases");

    public IEnumerable<string> Containers => [NotificationsContainer, CohortsContainer, DatasetsContainer, ReleasesContainer];

    private string Container(string name) => $"{NamePrefix.ToLowerInvariant()}-{name}";

    private string Table(string name) => new string(NamePrefix.Where(char.IsLetterOrDigit).ToArray()) + name;
}
