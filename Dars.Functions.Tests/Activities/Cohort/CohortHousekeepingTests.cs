using System.Text;
using Dars.Activities.Cohort;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Sla;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Activities.CohortValidation;

/// <summary>Cohort uploads that no upload event names (a crash between storing one and raising its command) are deleted.</summary>
public sealed class CohortHousekeepingTests : IDisposable
{
    private readonly DarsFactory _app = new DarsFactory().With("Dars:Runtime:RunBackgroundRunners", "false");

    private static Stream Csv(string reference) => new MemoryStream(Encoding.UTF8.GetBytes(
        $"UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS\r\n{reference},9434765919,Smith,Jo,2,1970-01-31,LS1 4AP,add\r\n"));

    [Fact]
    public async Task An_upload_no_event_names_is_deleted_once_a_day_old_and_named_ones_stay_with_their_reports()
    {
        var runtime = _app.Service<ApplicationRuntime>();
        var files = _app.Service<CohortFiles>();
        var id = (await Journey.ToAgreementStartedAsync(runtime, UkTime.DateOf(DarsFactory.Start), cohortRequired: true)).Id;
        var named = await files.UploadAsync(id, $"{id}_cohort.csv", Csv("P1"), 1 << 20, default);
        Assert.IsType<Applied>(await runtime.RaiseAsync(id, new Command(new CohortUploaded($"{id}_cohort.csv", named), Journey.Alice), RaiseOptions.None, default));
        await files.WriteSummaryAsync(named, new CohortSummary($"{id}_cohort.csv", 1, 1, 0, true, "Accepted.", []), default);
        // Stored, and then the process stopped before the command: on this application, and on one never created.
        var orphan = await files.UploadAsync(id, $"{id}_again.csv", Csv("P2"), 1 << 20, default);
        var stray = await files.UploadAsync("NIC-999998", "NIC-999998_x.csv", Csv("P3"), 1 << 20, default);
        var daily = _app.Service<DailyChecks>();

        // The blobs' ages are the storage service's: this clock is set against the real one.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow + TimeSpan.FromHours(23));
        Assert.Contains("cohort housekeeping: 0", await daily.RunAllAsync(default));
        Assert.Equal(Sorted(named, named + ".summary.json", orphan, stray), await BlobsAsync());

        _app.Time.Advance(TimeSpan.FromHours(2));
        Assert.Contains("cohort housekeeping: 2", await daily.RunAllAsync(default));
        Assert.Equal(Sorted(named, named + ".summary.json"), await BlobsAsync());
        Assert.Contains("cohort housekeeping: 0", await daily.RunAllAsync(default));
    }

    [Fact]
    public void A_file_beside_an_upload_belongs_to_it_and_one_of_a_similar_name_does_not()
    {
        var uploads = new HashSet<string> { "NIC-1/a/x.csv", "NIC-1/b/y.errors.csv" };

        Assert.True(CohortFiles.BelongsTo("NIC-1/a/x.csv", uploads));
        Assert.True(CohortFiles.BelongsTo("NIC-1/a/x.csv.summary.json", uploads));
        Assert.True(CohortFiles.BelongsTo("NIC-1/a/x.csv.errors.csv", uploads));
        Assert.True(CohortFiles.BelongsTo("NIC-1/a/x.csv.accepted.csv", uploads));
        Assert.True(CohortFiles.BelongsTo("NIC-1/b/y.errors.csv", uploads)); // an upload whose own name ends like a report
        Assert.False(CohortFiles.BelongsTo("NIC-1/b/y", uploads));
        Assert.False(CohortFiles.BelongsTo("NIC-1/a/x.csv.other", uploads));
        Assert.False(CohortFiles.BelongsTo("NIC-1/c/x.csv", uploads));
    }

    private async Task<string[]> BlobsAsync()
    {
        var storage = _app.Service<StorageClients>();
        var container = storage.Blobs.GetBlobContainerClient(storage.Options.CohortsContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) names.Add(blob.Name);
        return Sorted([.. names]);
    }

    private static string[] Sorted(params string[] names) => [.. names.Order(StringComparer.Ordinal)];

    public void Dispose() => _app.Dispose();
}
