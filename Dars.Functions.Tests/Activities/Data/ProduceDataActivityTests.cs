using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using static Dars.Tests.Activities.Data.DataFiles;

namespace Dars.Tests.Activities.Data;

/// <summary>The produce-data activity on Azurite: stored datasets, register and cohort in; extract blobs and counts out.</summary>
public sealed class ProduceDataActivityTests
{
    [Fact]
    public async Task Production_writes_one_extract_per_dataset_and_a_second_run_of_the_effect_gives_the_same_blobs_and_counts()
    {
        var rig = await ProductionRig.CreateAsync();
        var application = Application("NIC-100001", cohort: true, "none");
        rig.Cohorts.Files[application.Cohort.BlobName!] = Cohort;

        var first = Assert.IsType<DataProduced>(await rig.Produce.RunAsync(application, "NIC-100001:12:0", new ProduceData(), default));
        var hes = await rig.ReadBlob("NIC-100001/12-0/hes-apc.csv");
        var second = Assert.IsType<DataProduced>(await rig.Produce.RunAsync(application, "NIC-100001:12:0", new ProduceData(), default));

        Assert.Equal(new DataProduced(7, 5, 1, 1, 5, ReleaseRegister.ObjectionsUpheld), first with { Extracts = null });
        Assert.Equal(["NIC-100001/12-0/hes-apc.csv", "NIC-100001/12-0/civil-registration-deaths.csv"], first.Extracts!);
        Assert.Equal(first with { Extracts = null }, second with { Extracts = null });
        Assert.Equal(first.Extracts, second.Extracts!);
        Assert.Equal(
            "UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\nR1,A01,2020-01-01\r\nR6,A01,2020-01-01\r\nR1,\"B,02\",2021-02-02\r\nR6,\"B,02\",2021-02-02\r\n",
            hes);
        Assert.Equal(hes, await rig.ReadBlob("NIC-100001/12-0/hes-apc.csv"));
        Assert.Equal("UNIQUE REFERENCE,UNDERLYING_CAUSE,NHS_NUMBER\r\nR7,X1,9000000005\r\n",
            await rig.ReadBlob("NIC-100001/12-0/civil-registration-deaths.csv"));
        Assert.Equal(2, (await rig.ReleaseBlobs("NIC-100001/")).Count);
        Assert.Equal(new ExtractInfo("NIC-100001/12-0/hes-apc.csv", "hes-apc", 4),
            await rig.Releases.GetExtractAsync("NIC-100001/12-0/hes-apc.csv", default));
    }

    [Fact]
    public async Task Without_a_cohort_and_with_consent_the_whole_datasets_are_extracted()
    {
        var rig = await ProductionRig.CreateAsync();

        var produced = Assert.IsType<DataProduced>(await rig.Produce.RunAsync(
            Application("NIC-100002", cohort: false, "consent"), "NIC-100002:9:1", new ProduceData(), default));

        Assert.Equal(new DataProduced(0, 0, 0, 0, 8, ReleaseRegister.Consent), produced with { Extracts = null });
        Assert.Equal("UNDERLYING_CAUSE,NHS_NUMBER\r\nX1,9000000005\r\nX2,9000000003\r\nX3,9000000098\r\n",
            await rig.ReadBlob("NIC-100002/9-1/civil-registration-deaths.csv"));
    }

    [Fact]
    public async Task A_requested_dataset_with_no_stored_data_fails_the_activity()
    {
        var rig = await ProductionRig.CreateAsync(store: false);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            rig.Produce.RunAsync(Application("NIC-100003", cohort: false, "consent"), "NIC-100003:9:1", new ProduceData(), default));
        Assert.Contains("hes-apc", e.Message);
    }

    [Fact]
    public async Task A_cohort_that_is_not_accepted_fails_the_activity()
    {
        var rig = await ProductionRig.CreateAsync();
        var application = Application("NIC-100004", cohort: true, "none") with { Cohort = new CohortRecord(CohortStatus.Rejected, "x.csv", "b") };

        await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Produce.RunAsync(application, "NIC-100004:9:1", new ProduceData(), default));
    }
}
