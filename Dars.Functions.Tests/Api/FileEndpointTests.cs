using System.Net;
using System.Text;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>The file routes' refusals over HTTP: roles, content types, bad files, and a cohort not awaited.</summary>
public sealed class FileEndpointTests : IClassFixture<DarsFactory>
{
    private readonly DarsFactory _app;

    public FileEndpointTests(DarsFactory app) => _app = app;

    private static StringContent Csv(string text, string type = "text/csv") => new(text, Encoding.UTF8, type);

    [Fact]
    public async Task Only_a_data_producer_maintains_datasets_and_objections()
    {
        var officer = _app.ClientAs("olivia", "CaseOfficer");

        await AssertProblem(await officer.PutAsync("/api/datasets/hes-op", Csv("NHS_NUMBER,X\n9434765919,1\n")), HttpStatusCode.Forbidden);
        await AssertProblem(await officer.PutAsync("/api/objections", Csv("NHS_NUMBER,OBJECTION_TYPE\n")), HttpStatusCode.Forbidden);
        await AssertProblem(await _app.CreateClient().PutAsync("/api/datasets/hes-op", Csv("NHS_NUMBER,X\n")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_dataset_is_created_then_replaced_and_listed()
    {
        var producer = _app.ClientAs("priya", "DataProducer");

        Assert.Equal(HttpStatusCode.Created, (await producer.PutAsync("/api/datasets/demo-set", Csv("NHS_NUMBER,A\n9434765919,1\n"))).StatusCode);
        var replaced = await producer.PutAsync("/api/datasets/demo-set", Csv("NHS_NUMBER,A,B\n9434765919,1,2\n9434765870,3,4\n"));

        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var body = await Object(replaced);
        Assert.Equal(2, (int)body["rows"]!);
        var listed = (await Body(await _app.ClientAs("aziz", "Auditor").GetAsync("/api/datasets"))).AsArray();
        Assert.Contains(listed, d => (string?)d!["id"] == "demo-set" && (int)d["rows"]! == 2);
    }

    [Fact]
    public async Task Bad_dataset_files_ids_and_content_types_are_refused_with_what_to_fix()
    {
        var producer = _app.ClientAs("priya", "DataProducer");

        var bad = await AssertValidation(await producer.PutAsync("/api/datasets/broken", Csv("PATIENT,A\n1,2\n")), "body");
        Assert.NotEmpty(bad["errors"]!["body"]!.AsArray());
        await AssertValidation(await producer.PutAsync("/api/datasets/Not_Valid", Csv("NHS_NUMBER,A\n9434765919,1\n")), "datasetId");
        await AssertProblem(await producer.PutAsync("/api/datasets/x1", Csv("{}", "application/json")), HttpStatusCode.UnsupportedMediaType);
        var objections = await AssertValidation(await producer.PutAsync("/api/objections", Csv("NHS_NUMBER,OBJECTION_TYPE\n9434765919,maybe\n")), "body");
        Assert.DoesNotContain("9434765919", objections.ToJsonString());
    }

    [Fact]
    public async Task A_cohort_upload_is_refused_when_not_awaited_and_its_results_are_not_found_before_one()
    {
        var applicant = _app.ClientAs("alice", "Applicant", "X26");
        var id = (await SubmitAsync(applicant, "X26")).Id();

        var upload = await applicant.PutAsync($"/api/applications/{id}/cohort?fileName={id}_c.csv", Csv("UNIQUE REFERENCE\n"));

        var problem = await AssertProblem(upload, HttpStatusCode.Conflict);
        Assert.Equal("AwaitingInitialReview", (string?)problem["state"]);
        await AssertProblem(await applicant.GetAsync($"/api/applications/{id}/cohort/summary"), HttpStatusCode.NotFound);
        await AssertProblem(await applicant.GetAsync($"/api/applications/{id}/cohort/errors"), HttpStatusCode.NotFound);
        await AssertProblem(await applicant.GetAsync($"/api/applications/{id}/release"), HttpStatusCode.Conflict);
        await AssertProblem(await _app.ClientAs("olivia", "CaseOfficer").PutAsync($"/api/applications/{id}/cohort?fileName=x.csv", Csv("a\n")), HttpStatusCode.Forbidden);
        await AssertProblem(await _app.ClientAs("bob", "Applicant", "RR8").GetAsync($"/api/applications/{id}/release"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_cohort_event_cannot_be_posted_only_uploaded()
    {
        var applicant = _app.ClientAs("alice", "Applicant", "X26");
        var id = (await SubmitAsync(applicant, "X26")).Id();

        var problem = await AssertProblem(await RaiseAsync(applicant, id, "cohort-uploaded", new { fileName = "x.csv", blobName = "elsewhere" }), HttpStatusCode.BadRequest);

        Assert.Contains("PUT /api/applications/", (string?)problem["detail"]);
    }
}
