using System.Text;
using Dars.Activities.Data;
using Dars.Runtime.Sla;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Dars.Tests.Activities.Data;

/// <summary>Dataset and register uploads no manifest names (a crash around a replacement) are deleted once a day old.</summary>
public sealed class DataHousekeepingTests : IDisposable
{
    private readonly DarsFactory _app = new DarsFactory().With("Dars:Runtime:RunBackgroundRunners", "false");

    private static Stream Csv(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Uploads_no_manifest_names_are_deleted_once_a_day_old_and_the_named_ones_stay()
    {
        var datasets = _app.Service<DatasetStore>();
        var objections = _app.Service<ObjectionRegister>();
        Assert.True((await datasets.PutAsync("hes-apc", Csv("NHS_NUMBER,ADMIDATE\n9434765919,2020-01-01\n"), default)).Succeeded);
        Assert.Empty((await objections.ReplaceAsync(Csv("NHS_NUMBER,OBJECTION_TYPE\n9434765919,type-1\n"), default)).Problems);
        var kept = await BlobsAsync();
        // What a process that stopped between storing a replacement and the swap, or the swap and the delete, leaves.
        var storage = _app.Service<StorageClients>();
        var container = storage.Blobs.GetBlobContainerClient(storage.Options.DatasetsContainer);
        string[] orphans = [$"datasets/hes-apc/{Guid.NewGuid():N}.csv", $"objections/{Guid.NewGuid():N}.csv"];
        foreach (var orphan in orphans) await container.UploadBlobAsync(orphan, BinaryData.FromString("NHS_NUMBER,ADMIDATE\n9434765919,2020-01-01\n"));
        Assert.Contains("data housekeeping: 0", await _app.Service<DailyChecks>().RunAllAsync(default)); // on the real clock: all new
        // The blobs' ages are the storage service's: this clock is set against the real one.
        var storageTime = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromHours(23));
        var housekeeping = new DataHousekeeping(datasets, objections, storageTime);

        Assert.Equal(0, await housekeeping.RunAsync(default));
        Assert.Equal(Sorted([.. kept, .. orphans]), await BlobsAsync());

        storageTime.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, await housekeeping.RunAsync(default));
        Assert.Equal(kept, await BlobsAsync());
        Assert.Equal(4, kept.Length); // each manifest and the upload it names
        Assert.Equal(1, (await datasets.GetAsync("hes-apc", default))!.Rows);
        Assert.Single(await objections.LoadAsync(default));
    }

    private Task<string[]> BlobsAsync() =>
        _app.Service<StorageClients>().BlobNamesAsync(_app.Service<StorageClients>().Options.DatasetsContainer);

    private static string[] Sorted(string[] names) => [.. names.Order(StringComparer.Ordinal)];

    public void Dispose() => _app.Dispose();
}
