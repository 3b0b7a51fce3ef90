using System.Net;
using System.Text;
using Dars.Activities.Access;
using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Tests.Activities.Data;
using Microsoft.Extensions.Time.Testing;
using static Dars.Tests.Activities.Data.DataFiles;

namespace Dars.Tests.Activities.Release;

/// <summary>Release and revocation on Azurite: files and links for secure file transfer, grants for the secure data environment.</summary>
public sealed class ReleaseTests
{
    private static readonly HttpClient Http = new();

    /// <summary>Produces the test extracts (at version 10) for an application released by <paramref name="mode"/>; returns it as it then stands.</summary>
    private static async Task<(Application Application, DataProduced Produced)> Produce(ProductionRig rig, string id, string mode)
    {
        var application = Application(id, cohort: true, "none", mode);
        rig.Cohorts.Files[application.Cohort.BlobName!] = Cohort;
        var produced = Assert.IsType<DataProduced>(await rig.Produce.RunAsync(application, $"{id}:10:0", new ProduceData(), default));
        return (application with { Production = new ProductionRecord(Extracts: produced.Extracts) }, produced);
    }

    /// <summary>Produces the test extracts and releases them by <paramref name="mode"/>; returns the application as it then stands.</summary>
    private static async Task<(Application Application, DataReleased Released)> ProduceAndRelease(ProductionRig rig, string id, string mode)
    {
        var (application, _) = await Produce(rig, id, mode);
        var released = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, $"{id}:11:0", new ReleaseData(mode), default));
        return (application with
        {
            Release = new ReleaseRecord(mode, rig.Time.GetUtcNow(), Files: released.Files, Grant: released.Grant),
        }, released);
    }

    [Fact]
    public async Task Secure_file_transfer_releases_the_extracts_as_read_only_links_that_download_the_exact_file()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, released) = await ProduceAndRelease(rig, "NIC-200001", ReleaseDataActivity.SecureFileTransfer);
        Assert.Equal(["NIC-200001/10-0/hes-apc.csv", "NIC-200001/10-0/civil-registration-deaths.csv"], released.Files!);
        Assert.Null(released.Grant);
        var again = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200001:11:0", new ReleaseData("secure-file-transfer"), default));
        Assert.Equal(released.Files, again.Files!);

        var links = await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(application, TimeSpan.FromHours(24), default);

        Assert.Equal(2, links.Count);
        var hes = links[0];
        Assert.Equal(("hes-apc", "NIC-200001_hes-apc.csv", 4L), (hes.Dataset, hes.Name, hes.Rows));
        Assert.Equal(rig.Time.GetUtcNow().AddHours(24), hes.ExpiresAt);
        Assert.Contains("sp=r&", hes.Url.Query + "&");
        var download = await Http.GetAsync(hes.Url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(await rig.ReadBlob("NIC-200001/10-0/hes-apc.csv"), await download.Content.ReadAsStringAsync());
        Assert.StartsWith("UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\nR1,", await download.Content.ReadAsStringAsync());

        // The same link cannot write.
        var put = new HttpRequestMessage(HttpMethod.Put, hes.Url) { Content = new StringContent("tampered", Encoding.UTF8, "text/csv") };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SendAsync(put)).StatusCode);
        var delete = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, hes.Url));
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(hes.Url)).StatusCode);
    }

    [Fact]
    public async Task A_link_past_its_expiry_is_refused()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, _) = await ProduceAndRelease(rig, "NIC-200002", ReleaseDataActivity.SecureFileTransfer);
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));

        var links = await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, anHourAgo).GetLinksAsync(application, TimeSpan.FromMinutes(10), default);

        Assert.True(links[0].ExpiresAt < DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(links[0].Url)).StatusCode);
    }

    [Fact]
    public async Task Revocation_deletes_the_release_blobs_so_links_stop_working_and_runs_again_harmlessly()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, _) = await ProduceAndRelease(rig, "NIC-200003", ReleaseDataActivity.SecureFileTransfer);
        var links = await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(application, TimeSpan.FromHours(1), default);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(links[0].Url)).StatusCode);

        var revoked = await rig.Revoke.RunAsync(application, "NIC-200003:20:0", new RevokeAccess("expired"), default);
        var again = await rig.Revoke.RunAsync(application, "NIC-200003:20:0", new RevokeAccess("expired"), default);

        Assert.Equal(new AccessRevoked("expired"), revoked);
        Assert.Equal(revoked, again);
        Assert.Empty(await rig.ReleaseBlobs("NIC-200003/"));
        Assert.Contains((await Http.GetAsync(links[0].Url)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        var closed = application with { Release = application.Release with { RevokedAt = rig.Time.GetUtcNow() } };
        Assert.Empty(await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(closed, TimeSpan.FromHours(1), default));
    }

    [Fact]
    public async Task The_secure_data_environment_gets_a_grant_that_revocation_withdraws()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, released) = await ProduceAndRelease(rig, "NIC-200004", ReleaseDataActivity.SecureDataEnvironment);

        Assert.Equal("sde-NIC-200004-11-0", released.Grant);
        Assert.Null(released.Files);
        var grant = await rig.Releases.GetGrantAsync("NIC-200004", default);
        Assert.NotNull(grant);
        Assert.Equal(["hes-apc", "civil-registration-deaths"], grant.Datasets);
        Assert.Null(grant.RevokedAt);
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        var again = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200004:11:0", new ReleaseData("secure-data-environment"), default));
        Assert.Equal(released.Grant, again.Grant);
        Assert.Equal(grant.GrantedAt, (await rig.Releases.GetGrantAsync("NIC-200004", default))!.GrantedAt);
        Assert.Empty(await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(application, TimeSpan.FromHours(1), default));

        await rig.Revoke.RunAsync(application, "NIC-200004:20:0", new RevokeAccess("withdrawn"), default);
        var revokedAt = (await rig.Releases.GetGrantAsync("NIC-200004", default))!.RevokedAt;
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        await rig.Revoke.RunAsync(application, "NIC-200004:20:0", new RevokeAccess("withdrawn"), default);

        Assert.Equal(rig.Time.GetUtcNow().AddMinutes(-5), revokedAt);
        Assert.Equal(revokedAt, (await rig.Releases.GetGrantAsync("NIC-200004", default))!.RevokedAt);
        Assert.Empty(await rig.ReleaseBlobs("NIC-200004/"));
    }

    [Fact]
    public async Task A_release_overtaken_by_a_revocation_grants_nothing()
    {
        // Suspended (revocation at version 20) while the release of version 11 was still running: when that release
        // finishes, it must not open access again.
        var rig = await ProductionRig.CreateAsync();
        var (application, produced) = await Produce(rig, "NIC-200006", ReleaseDataActivity.SecureDataEnvironment);

        await rig.Revoke.RunAsync(application, "NIC-200006:20:0", new RevokeAccess("audit-critical-finding", Withhold: true), default);
        var released = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200006:11:0", new ReleaseData("secure-data-environment"), default));

        Assert.Null(released.Grant);
        var record = await rig.Releases.GetGrantAsync("NIC-200006", default);
        Assert.NotNull(record);
        Assert.Equal(("", 20L), (record.Grant, record.Version));
        Assert.NotNull(record.RevokedAt);
        // The release had read its extracts before they were deleted, and only then wrote its grant.
        Assert.Null(await rig.Releases.GrantAsync(new AccessGrant("sde-NIC-200006-11-0", "NIC-200006", ["hes-apc"], produced.Extracts!,
            rig.Time.GetUtcNow(), Version: 11), default));
        var after = await rig.Releases.GetGrantAsync("NIC-200006", default);
        Assert.Equal((record.Grant, record.Version, record.RevokedAt), (after!.Grant, after.Version, after.RevokedAt));
    }

    [Fact]
    public async Task A_revocation_delivered_late_leaves_a_later_release_alone_and_the_next_revocation_ends_it()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, first) = await ProduceAndRelease(rig, "NIC-200007", ReleaseDataActivity.SecureDataEnvironment);
        await rig.Revoke.RunAsync(application, "NIC-200007:20:0", new RevokeAccess("audit-critical-finding", Withhold: true), default);
        // Findings closed: produced and released again, at later versions.
        var produced = Assert.IsType<DataProduced>(await rig.Produce.RunAsync(application, "NIC-200007:30:0", new ProduceData(), default));
        application = application with { Production = new ProductionRecord(Extracts: produced.Extracts) };
        var second = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200007:31:0", new ReleaseData("secure-data-environment"), default));
        Assert.NotEqual(first.Grant, second.Grant);

        // The first revocation, delivered again now, finds a newer release than itself.
        await rig.Revoke.RunAsync(application, "NIC-200007:20:0", new RevokeAccess("audit-critical-finding", Withhold: true), default);

        var standing = await rig.Releases.GetGrantAsync("NIC-200007", default);
        Assert.Equal((second.Grant, (DateTimeOffset?)null), (standing!.Grant, standing.RevokedAt));
        Assert.Equal(["NIC-200007/30-0/civil-registration-deaths.csv", "NIC-200007/30-0/hes-apc.csv"], (await rig.ReleaseBlobs("NIC-200007/")).Order());

        await rig.Revoke.RunAsync(application, "NIC-200007:40:0", new RevokeAccess("expired"), default);
        Assert.NotNull((await rig.Releases.GetGrantAsync("NIC-200007", default))!.RevokedAt);
        Assert.Empty(await rig.ReleaseBlobs("NIC-200007/"));
        // And the release at 31, delivered again after that, does not grant again.
        Assert.Null(Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200007:31:0", new ReleaseData("secure-data-environment"), default)).Grant);
    }

    [Fact]
    public async Task A_revocation_before_any_grant_is_remembered_by_a_later_revocation_for_releases_in_between()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, _) = await Produce(rig, "NIC-200008", ReleaseDataActivity.SecureDataEnvironment);

        await rig.Revoke.RunAsync(application, "NIC-200008:20:0", new RevokeAccess("audit-critical-finding", Withhold: true), default);
        var firstRevokedAt = (await rig.Releases.GetGrantAsync("NIC-200008", default))!.RevokedAt;
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        await rig.Revoke.RunAsync(application, "NIC-200008:40:0", new RevokeAccess("expired"), default);
        var released = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200008:31:0", new ReleaseData("secure-data-environment"), default));

        Assert.Null(released.Grant);
        var record = await rig.Releases.GetGrantAsync("NIC-200008", default);
        Assert.Equal((40L, firstRevokedAt), (record!.Version, record.RevokedAt));
    }

    [Fact]
    public async Task Suspension_withdraws_the_links_and_closing_the_findings_releases_the_same_extracts_again()
    {
        var rig = await ProductionRig.CreateAsync();
        var (application, released) = await ProduceAndRelease(rig, "NIC-200009", ReleaseDataActivity.SecureFileTransfer);
        var links = await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(application, TimeSpan.FromHours(1), default);

        await rig.Revoke.RunAsync(application, "NIC-200009:20:0", new RevokeAccess("audit-critical-finding", Withhold: true), default);
        Assert.Contains((await Http.GetAsync(links[0].Url)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.Empty(await rig.ReleaseBlobs("NIC-200009/"));

        var again = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200009:30:0", new ReleaseData("secure-file-transfer"), default));

        Assert.Equal(released.Files, again.Files!);
        var restored = await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(application, TimeSpan.FromHours(1), default);
        Assert.Equal(await rig.ReadBlob("NIC-200009/10-0/hes-apc.csv"), await Http.GetStringAsync(restored[0].Url));
        Assert.StartsWith("UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\nR1,", await Http.GetStringAsync(restored[0].Url));

        // Access ended for good: nothing of it is kept anywhere.
        await rig.Revoke.RunAsync(application, "NIC-200009:40:0", new RevokeAccess("expired"), default);
        Assert.Empty(await rig.ReleaseBlobs("NIC-200009/"));
        Assert.DoesNotContain(await rig.ReleaseBlobs(""), name => name.Contains("NIC-200009/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_suspension_delivered_after_the_re_release_that_closed_its_findings_leaves_the_files_linked()
    {
        // Suspended at 20 and reinstated at 25; the release of 25 ran before the revocation of 20 was delivered.
        var rig = await ProductionRig.CreateAsync();
        var (application, released) = await ProduceAndRelease(rig, "NIC-200011", ReleaseDataActivity.SecureFileTransfer);
        var again = Assert.IsType<DataReleased>(await rig.Release.RunAsync(application, "NIC-200011:25:0", new ReleaseData("secure-file-transfer"), default));
        Assert.Equal(released.Files, again.Files!);

        await rig.Revoke.RunAsync(application, "NIC-200011:20:0", new RevokeAccess("audit-critical-finding", Withhold: true), default);

        var links = await new ReleaseLinks(rig.Releases, rig.Clients.Blobs, rig.Time).GetLinksAsync(application, TimeSpan.FromHours(1), default);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(links[0].Url)).StatusCode);
        var record = await rig.Releases.GetGrantAsync("NIC-200011", default);
        Assert.Equal(("sft-NIC-200011-25-0", 25L, (DateTimeOffset?)null), (record!.Grant, record.Version, record.RevokedAt));
    }

    [Fact]
    public async Task A_production_overtaken_by_a_withdrawal_leaves_no_extract_behind()
    {
        var rig = await ProductionRig.CreateAsync();
        var application = Application("NIC-200010", cohort: true, "none", ReleaseDataActivity.SecureFileTransfer);
        rig.Cohorts.Files[application.Cohort.BlobName!] = Cohort;

        // Withdrawn (version 20) while the production asked for at version 10 was still running.
        await rig.Revoke.RunAsync(application, "NIC-200010:20:0", new RevokeAccess("withdrawn"), default);
        Assert.IsType<DataProduced>(await rig.Produce.RunAsync(application, "NIC-200010:10:0", new ProduceData(), default));

        Assert.Empty(await rig.ReleaseBlobs("NIC-200010/"));
        // A production asked for after it (the application went on) keeps its extracts.
        Assert.IsType<DataProduced>(await rig.Produce.RunAsync(application, "NIC-200010:21:0", new ProduceData(), default));
        Assert.Equal(2, (await rig.ReleaseBlobs("NIC-200010/21-0/")).Count);
    }

    [Fact]
    public async Task Release_fails_when_a_produced_extract_is_gone()
    {
        var rig = await ProductionRig.CreateAsync();
        var application = Application("NIC-200005", cohort: false, "consent") with
        {
            Production = new ProductionRecord(Extracts: ["NIC-200005/1-0/hes-apc.csv"]),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            rig.Release.RunAsync(application, "NIC-200005:2:0", new ReleaseData("secure-file-transfer"), default));
    }
}
