using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Tests.Api;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.EndToEnd;

/// <summary>
/// The Access stage on real files over HTTP: dataset and objections uploaded, a cohort rejected then
/// accepted, production with an objection upheld, a read-only release link, and revocation killing it.
/// </summary>
public sealed class DataJourneyTests : IClassFixture<DarsFactory>
{
    private static readonly DateOnly Today = UkTime.DateOf(DarsFactory.Start);
    private readonly DarsFactory _app;
    private readonly HttpClient _applicant, _officer, _approver, _producer;

    public DataJourneyTests(DarsFactory app)
    {
        _app = app;
        _applicant = app.ClientAs("alice", "Applicant", "X26");
        _officer = app.ClientAs("olivia", "CaseOfficer");
        _approver = app.ClientAs("ann", "Approver");
        _producer = app.ClientAs("priya", "DataProducer");
    }

    [Fact]
    public async Task A_cohort_is_validated_linked_with_objections_upheld_released_by_link_and_revoked()
    {
        Assert.Equal(HttpStatusCode.Created, (await _producer.PutAsync("/api/datasets/hes-apc", Csv(
            "NHS_NUMBER,ADMIDATE,DIAG_4_01,PROCODE\n9434765919,2024-03-01,I500,RR8\n9000000009,2024-04-02,I110,RR8\n9000000017,2024-05-03,J45,X26\n"))).StatusCode);
        var objections = await _producer.PutAsync("/api/objections", Csv("NHS_NUMBER,OBJECTION_TYPE\n9000000009,type-1\n"));
        Assert.Equal(1, (int)(await ApiKit.Object(objections))["count"]!);

        var form = Forms.Json(Today, "X26");
        form["cohortRequired"] = true;
        form["datasets"] = new JsonArray(new JsonObject { ["id"] = "hes-apc", ["fields"] = new JsonArray("DIAG_4_01", "ADMIDATE") });
        var id = (await ApiKit.Object(await _applicant.PostAsJsonAsync("/api/applications", form))).Id();
        await ApiKit.RaiseOkAsync(_officer, id, "officer-review", new { decision = "accept" });
        await ApiKit.RaiseOkAsync(_officer, id, "assessment-complete", new { });
        await ApiKit.RaiseOkAsync(_approver, id, "approval-decision", new { decision = "approve" });
        await ApiKit.RaiseOkAsync(_officer, id, "agreement-signed-by-provider", new { signatoryName = "Olivia Officer" });
        await ApiKit.RaiseOkAsync(_applicant, id, "purchase-order", new { poNumber = "PO-7" });
        var awaitingCohort = await ApiKit.RaiseOkAsync(_applicant, id, "agreement-signed-by-applicant", new { signatoryName = "Dr A", signatoryRole = "PI" });
        Assert.Equal("AwaitingCohort", awaitingCohort.State());
        Assert.Contains("cohort-uploaded", awaitingCohort["awaiting"].Strings());

        var header = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS\n";
        // An upload the lifecycle refuses (here its name is too long) is not kept: it holds patients' details.
        var refused = await _applicant.PutAsync($"/api/applications/{id}/cohort?fileName={id}_{new string('x', 260)}.csv",
            Csv(header + "P1,9434765919,Smith,Jo,,1970-01-31,LS1 4AP,add\n"));
        await ApiKit.AssertValidation(refused, "fileName");
        var cohorts = _app.Service<Dars.Runtime.Storage.StorageClients>().Blobs.GetBlobContainerClient(_app.Service<Dars.Runtime.Storage.StorageOptions>().CohortsContainer);
        Assert.Empty(await cohorts.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, id + "/", default).ToListAsync());

        // A file with one bad row in three is rejected; its report names the row, not the number.
        var bad = await _applicant.PutAsync($"/api/applications/{id}/cohort?fileName={id}_first.csv",
            Csv(header + "P1,9434765919,,,,1970-01-31,,add\nP2,9434765918,,,,1971-02-01,,add\nP3,,,,,1972-03-02,,add\n"));
        Assert.Equal(HttpStatusCode.Accepted, bad.StatusCode);
        await WaitFor(id, s => (string?)s["cohort"]!["status"] == "rejected");
        var summary = await ApiKit.Object(await _applicant.GetAsync($"/api/applications/{id}/cohort/summary"));
        Assert.False((bool)summary["accepted"]!);
        Assert.Equal(1, (int)summary["invalidRows"]!);
        var report = await (await _applicant.GetAsync($"/api/applications/{id}/cohort/errors")).Content.ReadAsStringAsync();
        Assert.Contains("2,P2,NHS_NO,", report);
        Assert.DoesNotContain("9434765918", report);

        var good = await _applicant.PutAsync($"/api/applications/{id}/cohort?fileName={id}_second.csv",
            Csv(header + "P1,943 476 5919,,,,1970-01-31,,add\nP2,9000000009,,,,1971-02-01,,add\nP3,,,,,1972-03-02,,add\n"));
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        var produced = await WaitFor(id, s => s.State() == "AwaitingDataSignOff");
        var production = produced["production"]!;
        Assert.Equal(3, (int)production["cohortRows"]!);
        Assert.Equal(2, (int)production["matched"]!);
        Assert.Equal(1, (int)production["removedByObjections"]!["type-1"]!);
        Assert.Equal(1, (int)production["releasedRows"]!);
        Assert.Equal("Yes - patient objections upheld", (string?)production["objectionsReason"]);
        Assert.Equal(HttpStatusCode.Conflict, (await _applicant.GetAsync($"/api/applications/{id}/release")).StatusCode);

        await ApiKit.RaiseOkAsync(_producer, id, "data-signed-off", new { decision = "approve" });
        await WaitFor(id, s => s.State() == "Active");
        var release = await ApiKit.Object(await _applicant.GetAsync($"/api/applications/{id}/release"));
        Assert.Equal("secure-file-transfer", (string?)release["mode"]);
        var file = release["files"]!.AsArray().Single()!;
        Assert.Equal(1, (int)file["rows"]!);
        var url = (string)file["url"]!;
        using var anyone = new HttpClient();
        Assert.Equal("UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\nP1,I500,2024-03-01\r\n", await anyone.GetStringAsync(url));
        var write = await anyone.PutAsync(url, new ByteArrayContent([1]) { Headers = { { "x-ms-blob-type", "BlockBlob" } } });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);

        // Terminated after release: access revoked, the link dead, the certificate awaited.
        Assert.Equal("AwaitingDestructionCertificate", (await ApiKit.RaiseOkAsync(_officer, id, "terminate", new { reason = "Breach of agreement" })).State());
        await WaitFor(id, s => s["release"]!["revokedAt"] is not null);
        Assert.Contains((await anyone.GetAsync(url)).StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.Conflict, (await _applicant.GetAsync($"/api/applications/{id}/release")).StatusCode);
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");


    private Task<JsonObject> WaitFor(string id, Func<JsonObject, bool> done) =>
        Eventually.Until(() => ApiKit.GetAsync(_officer, id), done, TimeSpan.FromSeconds(30), "the application to move on");
}
