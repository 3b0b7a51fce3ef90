using System.Net;
using System.Text.Json.Nodes;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>GET /api/applications/{id} and GET /api/applications/{id}/history.</summary>
public sealed class StatusTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    private static readonly string[] StatusFields =
    [
        "id", "state", "stage", "outcome", "version", "title", "organisation", "awaiting", "sla", "externalApprovals",
        "agreement", "cohort", "production", "release", "destruction", "failure", "createdAt", "lastUpdatedAt", "links",
    ];

    [Fact]
    public async Task The_status_resource_has_the_shape_of_the_contract()
    {
        var applicant = app.Applicant("R01");
        var id = (await SubmitAsync(applicant, "R01", approvals: "ons-accredited-researcher")).Id();

        var response = await applicant.GetAsync($"/api/applications/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = await Object(response);
        foreach (var field in StatusFields) Assert.True(status.ContainsKey(field), $"status has no '{field}'");
        Assert.Equal($"\"{status.Version()}\"", response.Headers.ETag?.Tag);
        Assert.Equal(id, status.Id());
        Assert.Equal("AwaitingInitialReview", status.State());
        Assert.Equal("Application", (string?)status["stage"]);
        Assert.Null(status["outcome"]);
        Assert.Null(status["sla"]); // the clock starts at acceptance
        Assert.Null(status["failure"]);
        Assert.Equal("R01", (string?)status["organisation"]!["odsCode"]);
        Assert.Equal("Example University", (string?)status["organisation"]!["name"]);
        Assert.IsType<JsonArray>(status["externalApprovals"]);
        foreach (var key in new[] { "providerSignedAt", "applicantSignedAt", "poNumber", "startDate", "expiryDate" })
            Assert.True(status["agreement"]!.AsObject().ContainsKey(key), $"agreement has no '{key}'");
        foreach (var key in new[] { "status", "fileName", "totalRows", "validRows", "invalidRows" })
            Assert.True(status["cohort"]!.AsObject().ContainsKey(key), $"cohort has no '{key}'");
        Assert.Equal("none", (string?)status["cohort"]!["status"]);
        foreach (var key in new[] { "cohortRows", "matched", "removedByObjections", "releasedRows", "objectionsReason" })
            Assert.True(status["production"]!.AsObject().ContainsKey(key), $"production has no '{key}'");
        Assert.Equal(0, (int?)status["production"]!["removedByObjections"]!["type-1"]);
        Assert.Equal(0, (int?)status["production"]!["removedByObjections"]!["national-data-opt-out"]);
        foreach (var key in new[] { "mode", "releasedAt", "revokedAt" })
            Assert.True(status["release"]!.AsObject().ContainsKey(key), $"release has no '{key}'");
        foreach (var key in new[] { "dueDate", "overdue", "certificateReceivedAt" })
            Assert.True(status["destruction"]!.AsObject().ContainsKey(key), $"destruction has no '{key}'");
        Assert.Equal(DarsFactory.Start, DateTimeOffset.Parse((string)status["createdAt"]!));
        Assert.True(DateTimeOffset.Parse((string)status["lastUpdatedAt"]!) >= DarsFactory.Start);
        Assert.EndsWith($"/api/applications/{id}", (string?)status["links"]!["self"]);
        Assert.EndsWith($"/api/applications/{id}/history", (string?)status["links"]!["history"]);
        Assert.EndsWith($"/api/applications/{id}/events/{{eventName}}", (string?)status["links"]!["events"]);
    }

    [Fact]
    public async Task After_acceptance_the_status_carries_the_sla_and_pending_approvals()
    {
        var applicant = app.Applicant("R01");
        var id = (await SubmitAsync(applicant, "R01", approvals: "ons-accredited-researcher")).Id();
        Assert.Equal(HttpStatusCode.OK, (await RaiseAsync(app.Officer(), id, "officer-review", Accept)).StatusCode);

        var status = await GetAsync(applicant, id);

        var sla = status["sla"]!.AsObject();
        foreach (var key in new[] { "startedOn", "targetWorkingDays", "elapsedWorkingDays", "pausedWorkingDays", "paused", "pauseReasons", "dueDate", "status" })
            Assert.True(sla.ContainsKey(key), $"sla has no '{key}'");
        Assert.Equal(Today.ToString("yyyy-MM-dd"), (string?)sla["startedOn"]);
        Assert.Equal(60, (int?)sla["targetWorkingDays"]);
        Assert.Equal("on-track", (string?)sla["status"]);
        Assert.True((bool)sla["paused"]!);
        var approval = Assert.Single(status["externalApprovals"]!.AsArray())!;
        Assert.Equal("ons-accredited-researcher", (string?)approval["approvalType"]);
        Assert.Equal("pending", (string?)approval["status"]);
        Assert.True(approval.AsObject().ContainsKey("reference"));
    }

    [Fact]
    public async Task Awaiting_lists_what_each_caller_could_raise_now()
    {
        var applicant = app.Applicant("R02");
        var id = (await SubmitAsync(applicant, "R02")).Id();

        var asApplicant = (await GetAsync(applicant, id))["awaiting"].Strings();
        var asOfficer = (await GetAsync(app.Officer(), id))["awaiting"].Strings();
        var asApprover = (await GetAsync(app.ClientAs("amy", "Approver"), id))["awaiting"].Strings();

        Assert.Equal(["withdraw"], asApplicant);
        Assert.Equal(["officer-review", "terminate"], asOfficer.Order().ToArray());
        Assert.Empty(asApprover);
        Assert.DoesNotContain("notification-sent", asOfficer);
    }

    [Fact]
    public async Task An_unknown_id_is_404()
    {
        var response = await app.Officer().GetAsync("/api/applications/NIC-000000");
        await AssertProblem(response, HttpStatusCode.NotFound);
        await AssertProblem(await app.Officer().GetAsync("/api/applications/not-an-id"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_organisations_applicant_gets_404_not_403()
    {
        var id = (await SubmitAsync(app.Applicant("R03"), "R03")).Id();

        var response = await app.Applicant("R04", "mallory").GetAsync($"/api/applications/{id}");

        var problem = await AssertProblem(response, HttpStatusCode.NotFound);
        Assert.DoesNotContain("Example University", problem.ToJsonString());
    }

    [Fact]
    public async Task An_applicant_token_without_an_org_sees_nothing()
    {
        var id = (await SubmitAsync(app.Applicant("R03"), "R03")).Id();

        var response = await app.ClientAs("nobody", "Applicant").GetAsync($"/api/applications/{id}");

        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("CaseOfficer")]
    [InlineData("Approver")]
    [InlineData("DataProducer")]
    [InlineData("Auditor")]
    public async Task Staff_roles_read_any_organisations_application(string role)
    {
        var id = (await SubmitAsync(app.Applicant("R05"), "R05")).Id();

        var status = await GetAsync(app.ClientAs("staff-" + role, role, "X26"), id);
        Assert.Equal(id, status.Id());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientAs("staff-" + role, role).GetAsync($"/api/applications/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task A_token_with_no_DARS_role_is_403()
    {
        var id = (await SubmitAsync(app.Applicant("R06"), "R06")).Id();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("roleless", "R06"));
        var otherRole = app.ClientAs("admin", "GlobalAdmin", "R06");

        await AssertProblem(await client.GetAsync($"/api/applications/{id}"), HttpStatusCode.Forbidden);
        await AssertProblem(await otherRole.GetAsync($"/api/applications/{id}"), HttpStatusCode.Forbidden);
        await AssertProblem(await client.GetAsync("/api/applications"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var id = (await SubmitAsync(app.Applicant("R06"), "R06")).Id();
        var anonymous = app.Anonymous();

        await AssertProblem(await anonymous.GetAsync($"/api/applications/{id}"), HttpStatusCode.Unauthorized);
        await AssertProblem(await anonymous.GetAsync($"/api/applications/{id}/history"), HttpStatusCode.Unauthorized);
        await AssertProblem(await anonymous.GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var client = app.CreateClient();
        var token = TestTokens.For("alice", "R06", "Applicant");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA"));

        await AssertProblem(await client.GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task History_is_oldest_first_with_version_type_time_actor_and_data()
    {
        var applicant = app.Applicant("R07");
        var id = (await SubmitAsync(applicant, "R07")).Id();
        await SettledAsync(applicant, id, 2);
        Assert.Equal(HttpStatusCode.OK, (await RaiseAsync(app.Officer("olivia"), id, "officer-review", new { decision = "accept", notes = "Looks complete." })).StatusCode);
        await SettledAsync(applicant, id, 4);

        var history = await HistoryAsync(applicant, id);

        Assert.Equal([1L, 2L, 3L, 4L], history.Select(e => (long)e!["version"]!).ToArray());
        Assert.Equal(["application-submitted", "notification-sent", "officer-review", "notification-sent"],
            history.Select(e => (string)e!["type"]!).ToArray());
        foreach (var entry in history)
        {
            Assert.Equal(DarsFactory.Start, DateTimeOffset.Parse((string)entry!["occurredAt"]!));
            Assert.IsType<JsonObject>(entry["data"]);
            Assert.False(string.IsNullOrEmpty((string?)entry["actor"]!["id"]));
        }
        Assert.Equal("alice", (string?)history[0]!["actor"]!["id"]);
        Assert.Equal("Applicant", (string?)history[0]!["actor"]!["role"]);
        Assert.Equal("Heart failure readmissions", (string?)history[0]!["data"]!["application"]!["title"]);
        Assert.Equal("System", (string?)history[1]!["actor"]!["role"]);
        Assert.Equal("application-received", (string?)history[1]!["data"]!["template"]);
        Assert.Equal("olivia", (string?)history[2]!["actor"]!["id"]);
        Assert.Equal("CaseOfficer", (string?)history[2]!["actor"]!["role"]);
        Assert.Equal("accept", (string?)history[2]!["data"]!["decision"]);
        Assert.Equal("Looks complete.", (string?)history[2]!["data"]!["notes"]);
    }

    [Fact]
    public async Task History_of_another_organisations_application_is_404_to_an_applicant()
    {
        var id = (await SubmitAsync(app.Applicant("R08"), "R08")).Id();

        await AssertProblem(await app.Applicant("R09", "mallory").GetAsync($"/api/applications/{id}/history"), HttpStatusCode.NotFound);
        await AssertProblem(await app.Officer().GetAsync("/api/applications/NIC-000000/history"), HttpStatusCode.NotFound);
    }
}
