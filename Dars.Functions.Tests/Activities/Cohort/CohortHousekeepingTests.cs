using System.Text;
using Dars.Activities.Cohort;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Sla;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

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
        // Ages are the storage service's, so the clocks are set against the real one.
        CohortHousekeeping After(TimeSpan age) => new(files, _app.Service<ApplicationStore>(), new FakeTimeProvider(DateTimeOffset.UtcNow + age),
            NullLogger<CohortHousekeeping>.Instance);

        Assert.Equal(0, await After(TimeSpan.FromHours(23)).RunAsync(default)); // too new: its command may be on its way
        Assert.Equal(0, await After(TimeSpan.FromDays(9)).RunAsync(default)); // out of the window the daily run looks at
        Assert.Equal(Sorted(named, named + ".summary.json", orphan, stray), await BlobsAsync());

        Assert.Equal(2, await After(TimeSpan.FromHours(25)).RunAsync(default));
        Assert.Equal(Sorted(named, named + ".summary.json"), await BlobsAsync());
        Assert.Equal(0, await After(TimeSpan.FromHours(25)).RunAsync(default));
    }

    [Fact]
    public async Task The_daily_checks_include_it_on_the_real_clock_however_far_the_applications_clock_has_moved()
    {
        var files = _app.Service<CohortFiles>();
        var orphan = await files.UploadAsync("NIC-999997", "NIC-999997_x.csv", Csv("P1"), 1 << 20, default);
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow + TimeSpan.FromDays(3)); // as the development clock may be

        Assert.Contains("cohort housekeeping: 0", await _app.Service<DailyChecks>().RunAllAsync(default));
        Assert.Equal([orphan], await BlobsAsync());
    }

    [Fact]
    public async Task A_refused_upload_is_discarded_unless_an_event_names_it_after_all()
    {
        // A commit whose response was lost is retried, and the retry's conflict is decided again as a refusal: its
        // upload is named by the committed event and must stay.
        var runtime = _app.Service<ApplicationRuntime>();
        var files = _app.Service<CohortFiles>();
        var id = (await Journey.ToAgreementStartedAsync(runtime, UkTime.DateOf(DarsFactory.Start), cohortRequired: true)).Id;
        var named = await files.UploadAsync(id, $"{id}_cohort.csv", Csv("P1"), 1 << 20, default);
        Assert.IsType<Applied>(await runtime.RaiseAsync(id, new Command(new CohortUploaded($"{id}_cohort.csv", named), Journey.Alice), RaiseOptions.None, default));
        var refused = await files.UploadAsync(id, $"{id}_late.csv", Csv("P2"), 1 << 20, default);
        var housekeeping = _app.Service<CohortHousekeeping>();

        await housekeeping.DiscardRefusedAsync(id, named, default);
        await housekeeping.DiscardRefusedAsync(id, refused, default);

        Assert.Equal([named], await BlobsAsync());
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

    private Task<string[]> BlobsAsync() =>
        _app.Service<StorageClients>().BlobNamesAsync(_app.Service<StorageClients>().Options.CohortsContainer);

    private static string[] Sorted(params string[] names) => [.. names.Order(StringComparer.Ordinal)];

    public void Dispose() => _app.Dispose();
}
