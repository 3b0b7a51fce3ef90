using Azure.Storage.Blobs;
using Dars.Activities.Access;
using Dars.Activities.Data;
using Dars.Activities.Release;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Dars.Tests.Activities.Data.DataFiles;

namespace Dars.Tests.Activities.Data;

/// <summary>The stores and activities of production and release on a fresh Azurite prefix, with the test datasets stored.</summary>
internal sealed class ProductionRig
{
    public required StorageClients Clients { get; init; }
    public required DatasetStore Datasets { get; init; }
    public required ObjectionRegister Objections { get; init; }
    public required InMemoryCohorts Cohorts { get; init; }
    public required ReleaseStore Releases { get; init; }
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public BlobContainerClient ReleasesContainer => Releases.Container;

    public ProduceDataActivity Produce => new(Datasets, Objections, Cohorts, Releases);
    public ReleaseDataActivity Release => new(Releases, Time);
    public RevokeAccessActivity Revoke => new(Releases, Time);

    public static async Task<ProductionRig> CreateAsync(bool store = true)
    {
        var clients = await TestStorage.CreateAsync();
        var datasets = clients.Blobs.GetBlobContainerClient(clients.Options.DatasetsContainer);
        var rig = new ProductionRig
        {
            Clients = clients,
            Datasets = new DatasetStore(datasets),
            Objections = new ObjectionRegister(datasets),
            Cohorts = new InMemoryCohorts(),
            Releases = new ReleaseStore(clients.Blobs.GetBlobContainerClient(clients.Options.ReleasesContainer)),
        };
        if (store)
        {
            Assert.True((await rig.Datasets.PutAsync("hes-apc", Stream(HesApc), default)).Succeeded);
            Assert.True((await rig.Datasets.PutAsync("civil-registration-deaths", Stream(Deaths), default)).Succeeded);
            Assert.True((await rig.Objections.ReplaceAsync(Stream(Register), default)).Succeeded);
        }
        return rig;
    }

    public async Task<string> ReadBlob(string name) =>
        (await ReleasesContainer.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();

    public async Task<List<string>> ReleaseBlobs(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in ReleasesContainer.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None,
                           Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
            names.Add(blob.Name);
        return names;
    }
}
