using System.Net;
using System.Net.Http.Json;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>POST /api/applications/{id}/events/{eventName}: results, refusals, idempotency, If-Match and races.</summary>
public sealed class EventTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    private const string Org = "V01";

    /// <summary>A new application awaiting initial review, with its receipt notification recorded (version 2).</summary>
    private async Task<string> AwaitingReviewAsync()
    {
        var applicant = app.Applicant(Org);
        var id = (await SubmitAsync(applicant, Org)).Id();
        await SettledAsync(applicant, id, 2);
        return id;
    }

    private async Task<int> CountAsync(string id, string type) =>
        (await HistoryAsync(app.Officer(), id)).Count(e => (string?)e!["type"] == type);

    [Fact]
    public async Task Officer_review_accept_is_200_with_the_status_after_it()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "officer-review", Accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await Object(response);
        Assert.Equal(id, status.Id());
        Assert.Equal("UnderAssessment", status.State());
        Assert.Equal(3, status.Version());
        Assert.NotNull(status["sla"]);
        Assert.Contains("assessment-complete", status["awaiting"].Strings());
        Assert.Equal("\"3\"", response.Headers.ETag?.Tag);
        Assert.Equal("UnderAssessment", (await GetAsync(app.Officer(), id)).State());
    }

    [Fact]
    public async Task An_event_not_awaited_now_is_409_with_state_and_awaiting_and_changes_nothing()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "assessment-complete");

        var problem = await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal("AwaitingInitialReview", (string?)problem["state"]);
        Assert.Equal(["officer-review", "terminate"], problem["awaiting"].Strings().Order().ToArray());
        var after = await GetAsync(app.Officer(), id);
        Assert.Equal(2, after.Version());
        Assert.Equal("AwaitingInitialReview", after.State());
    }

    [Fact]
    public async Task Nothing_is_awaited_once_closed()
    {
        var id = await AwaitingReviewAsync();
        Assert.Equal(HttpStatusCode.OK, (await RaiseAsync(app.Officer(), id, "officer-review", new { decision = "reject" })).StatusCode);

        var problem = await AssertProblem(await RaiseAsync(app.Applicant(Org), id, "withdraw"), HttpStatusCode.Conflict);

        Assert.Equal("Closed", (string?)problem["state"]);
        Assert.Empty(problem["awaiting"].Strings());
    }

    [Fact]
    public async Task Not_awaited_takes_precedence_over_a_body_of_the_wrong_types()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "assessment-complete", "{\"notes\": 42}");

        var problem = await AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal("AwaitingInitialReview", (string?)problem["state"]);
        Assert.Contains("officer-review", problem["awaiting"].Strings());
    }

    [Fact]
    public async Task Separation_of_duties_takes_precedence_over_a_body_of_the_wrong_types()
    {
        var id = await AwaitingReviewAsync();
        var sam = app.ClientWithRoles("sam", "X26", "CaseOfficer", "Approver");
        await RaiseOkAsync(app.Officer(), id, "officer-review", Accept);
        await RaiseOkAsync(sam, id, "assessment-complete", new { });

        var wrongTypes = await RaiseAsync(sam, id, "approval-decision", "{\"decision\": 5}");
        var wrongValue = await RaiseAsync(sam, id, "approval-decision", new { decision = "maybe" });

        Assert.Contains("Separation of duties", (string?)(await AssertProblem(wrongTypes, HttpStatusCode.Forbidden))["detail"]);
        Assert.Contains("Separation of duties", (string?)(await AssertProblem(wrongValue, HttpStatusCode.Forbidden))["detail"]);
        await AssertValidation(await RaiseAsync(app.ClientAs("arthur", "Approver"), id, "approval-decision", "{\"decision\": 5}"), "decision");
        Assert.Equal("AwaitingApproval", (await GetAsync(app.Officer(), id)).State());
    }

    [Fact]
    public async Task A_person_who_is_an_applicant_and_an_auditor_acts_as_the_applicant_only_for_their_own_organisation()
    {
        var id = await AwaitingReviewAsync();
        var elsewhere = app.ClientWithRoles("mallory", "V98", "Applicant", "Auditor");
        var ownOrganisation = app.ClientWithRoles("alice", Org, "Applicant", "Auditor");

        // The auditor sees the application, but the applicant role does not carry over to another organisation's.
        var seen = await GetAsync(elsewhere, id);
        Assert.DoesNotContain("withdraw", seen["awaiting"].Strings());
        await AssertProblem(await RaiseAsync(elsewhere, id, "withdraw", new { reason = "not mine" }), HttpStatusCode.Forbidden);
        await AssertProblem(await RaiseAsync(elsewhere, id, "withdraw", "{\"reason\": 5}"), HttpStatusCode.Forbidden);
        await AssertProblem(await elsewhere.GetAsync($"/api/applications/{id}/release"), HttpStatusCode.Forbidden);
        await AssertProblem(await elsewhere.PutAsync($"/api/applications/{id}/cohort?fileName={id}_c.csv",
            new StringContent("UNIQUE REFERENCE\n", System.Text.Encoding.UTF8, "text/csv")), HttpStatusCode.Forbidden);
        Assert.Equal("AwaitingInitialReview", (await GetAsync(app.Officer(), id)).State());

        Assert.Contains("withdraw", (await GetAsync(ownOrganisation, id))["awaiting"].Strings());
        Assert.Equal("Closed", (await RaiseOkAsync(ownOrganisation, id, "withdraw", new { reason = "Study cancelled." })).State());
    }

    [Fact]
    public async Task A_body_of_the_wrong_types_for_an_awaited_event_is_422_naming_the_field()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "officer-review", "{\"decision\": \"refer-back\", \"requiredInformation\": \"not a list\"}");

        await AssertValidation(response, "requiredInformation");
        Assert.Equal(2, (await GetAsync(app.Officer(), id)).Version());
    }

    [Fact]
    public async Task A_bad_body_for_an_awaited_event_is_422_and_changes_nothing()
    {
        var id = await AwaitingReviewAsync();

        var referBack = await RaiseAsync(app.Officer(), id, "officer-review", new { decision = "refer-back" });
        var noDecision = await RaiseAsync(app.Officer(), id, "officer-review", new { });
        var unknownDecision = await RaiseAsync(app.Officer(), id, "officer-review", new { decision = "maybe" });

        await AssertValidation(referBack, "requiredInformation");
        await AssertValidation(noDecision, "decision");
        await AssertValidation(unknownDecision, "decision");
        var after = await GetAsync(app.Officer(), id);
        Assert.Equal(2, after.Version());
        Assert.Equal("AwaitingInitialReview", after.State());
    }

    [Fact]
    public async Task An_event_too_large_for_a_table_row_is_422_and_changes_nothing()
    {
        var id = await AwaitingReviewAsync();

        // Within the 1 MiB body limit, but beyond what one table entity holds once stored (Azure counts 2 bytes a character).
        var response = await RaiseAsync(app.Officer(), id, "officer-review",
            new { decision = "refer-back", requiredInformation = new[] { new string('x', 450_000) } });

        await AssertValidation(response, "body");
        var after = await GetAsync(app.Officer(), id);
        Assert.Equal(2, after.Version());
        Assert.Equal("AwaitingInitialReview", after.State());
    }

    [Fact]
    public async Task Malformed_JSON_is_400_and_another_content_type_415()
    {
        var id = await AwaitingReviewAsync();
        var officer = app.Officer();

        await AssertProblem(await RaiseAsync(officer, id, "officer-review", "{\"decision\": "), HttpStatusCode.BadRequest);
        var plain = await officer.PostAsync($"/api/applications/{id}/events/officer-review", new StringContent("decision=accept", System.Text.Encoding.UTF8, "text/plain"));
        await AssertProblem(plain, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(2, (await GetAsync(officer, id)).Version());
    }

    [Fact]
    public async Task An_applicant_raising_officer_review_is_403()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Applicant(Org), id, "officer-review", Accept);

        await AssertProblem(response, HttpStatusCode.Forbidden);
        Assert.Equal("AwaitingInitialReview", (await GetAsync(app.Officer(), id)).State());
    }

    [Theory]
    [InlineData("notification-sent", "CaseOfficer")]
    [InlineData("activity-failed", "CaseOfficer")]
    [InlineData("notification-sent", "Applicant")]
    public async Task A_system_event_raised_by_a_person_is_403(string eventName, string role)
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.ClientAs("someone", role, Org), id, eventName,
            new { template = "x", recipient = "applicant", reason = "forged" });

        await AssertProblem(response, HttpStatusCode.Forbidden);
        Assert.Equal(2, (await GetAsync(app.Officer(), id)).Version());
    }

    [Fact]
    public async Task An_unknown_application_is_404()
    {
        await AssertProblem(await RaiseAsync(app.Officer(), "NIC-000000", "officer-review", Accept), HttpStatusCode.NotFound);
        await AssertProblem(await RaiseAsync(app.Officer(), "NIC-000000", "officer-review", "{\"decision\": 1}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_event_name_is_404()
    {
        var id = await AwaitingReviewAsync();

        await AssertProblem(await RaiseAsync(app.Officer(), id, "approve-everything", Accept), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_organisations_applicant_gets_404()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Applicant("V99", "mallory"), id, "withdraw", new { reason = "not mine" });

        await AssertProblem(response, HttpStatusCode.NotFound);
        Assert.Equal("AwaitingInitialReview", (await GetAsync(app.Officer(), id)).State());
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var id = await AwaitingReviewAsync();

        await AssertProblem(await RaiseAsync(app.Anonymous(), id, "officer-review", Accept), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_twice_returns_the_first_result_and_applies_once()
    {
        var id = await AwaitingReviewAsync();
        var officer = app.Officer();

        var first = await RaiseAsync(officer, id, "officer-review", Accept, idempotencyKey: "review-1");
        await SettledAsync(officer, id, 4);
        var second = await RaiseAsync(officer, id, "officer-review", Accept, idempotencyKey: "review-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        var (a, b) = (await Object(first), await Object(second));
        Assert.Equal(3, a.Version());
        Assert.Equal(a.Version(), b.Version());
        Assert.Equal("UnderAssessment", b.State());
        Assert.Equal(1, await CountAsync(id, "officer-review"));
        Assert.Equal(4, (await GetAsync(officer, id)).Version());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_a_different_body_is_422()
    {
        var id = await AwaitingReviewAsync();
        var officer = app.Officer();
        Assert.Equal(HttpStatusCode.OK, (await RaiseAsync(officer, id, "officer-review", Accept, idempotencyKey: "review-2")).StatusCode);
        await SettledAsync(officer, id, 4);

        var reused = await RaiseAsync(officer, id, "officer-review",
            new { decision = "refer-back", requiredInformation = new[] { "Ethics letter" } }, idempotencyKey: "review-2");

        await AssertValidation(reused, "Idempotency-Key");
        var after = await GetAsync(officer, id);
        Assert.Equal("UnderAssessment", after.State());
        Assert.Equal(4, after.Version());
    }

    [Fact]
    public async Task An_Idempotency_Key_is_per_application()
    {
        var (one, two) = (await AwaitingReviewAsync(), await AwaitingReviewAsync());
        var officer = app.Officer();

        var first = await RaiseAsync(officer, one, "officer-review", Accept, idempotencyKey: "shared-key");
        var second = await RaiseAsync(officer, two, "officer-review", Accept, idempotencyKey: "shared-key");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(two, (await Object(second)).Id());
    }

    [Fact]
    public async Task If_Match_with_the_current_version_succeeds()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "officer-review", Accept, ifMatch: "\"2\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await Object(response)).Version());
    }

    [Fact]
    public async Task If_Match_with_a_stale_version_is_412_and_changes_nothing()
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "officer-review", Accept, ifMatch: "\"1\"");

        var problem = await AssertProblem(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, (long?)problem["version"]);
        var after = await GetAsync(app.Officer(), id);
        Assert.Equal(2, after.Version());
        Assert.Equal("AwaitingInitialReview", after.State());
    }

    [Theory]
    [InlineData("\"two\"")]
    [InlineData("W/\"abc\"")]
    public async Task A_malformed_If_Match_is_400(string ifMatch)
    {
        var id = await AwaitingReviewAsync();

        var response = await RaiseAsync(app.Officer(), id, "officer-review", Accept, ifMatch: ifMatch);

        await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(2, (await GetAsync(app.Officer(), id)).Version());
    }

    [Fact]
    public async Task Twenty_concurrent_identical_accepts_apply_exactly_once()
    {
        var id = await AwaitingReviewAsync();
        var officer = app.Officer();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RaiseAsync(officer, id, "officer-review", Accept)));

        var codes = responses.Select(r => r.StatusCode).ToArray();
        Assert.Single(codes, c => c == HttpStatusCode.OK);
        Assert.All(codes.Where(c => c != HttpStatusCode.OK), c => Assert.True(c is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed, $"got {(int)c}"));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            Assert.Equal("UnderAssessment", (string?)(await AssertProblem(refused, HttpStatusCode.Conflict))["state"]);

        await SettledAsync(officer, id, 4);
        var history = await HistoryAsync(officer, id);
        Assert.Single(history, e => (string?)e!["type"] == "officer-review");
        Assert.Equal(Enumerable.Range(1, history.Count).Select(v => (long)v), history.Select(e => (long)e!["version"]!));
    }

    [Fact]
    public async Task A_resubmission_after_a_refer_back_returns_to_initial_review_with_the_changes()
    {
        var id = await AwaitingReviewAsync();
        var officer = app.Officer();
        var applicant = app.Applicant(Org);

        var referred = await RaiseAsync(officer, id, "officer-review",
            new { decision = "refer-back", requiredInformation = new[] { "A clearer title" } });
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        var referredStatus = await Object(referred);
        Assert.Equal("ReferredBack", referredStatus.State());
        Assert.Equal(["A clearer title"], referredStatus["requiredInformation"].Strings());
        Assert.Contains("resubmission", (await GetAsync(applicant, id))["awaiting"].Strings());

        var resubmitted = await RaiseAsync(applicant, id, "resubmission", new { title = "Heart failure readmissions in England, 2015-2025" });

        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        var status = await Object(resubmitted);
        Assert.Equal("AwaitingInitialReview", status.State());
        Assert.Equal("Heart failure readmissions in England, 2015-2025", (string?)status["title"]);
        Assert.Empty(status["requiredInformation"].Strings());
        Assert.Equal("Heart failure readmissions in England, 2015-2025", (string?)(await GetAsync(officer, id))["title"]);
        Assert.Contains("officer-review", (await GetAsync(officer, id))["awaiting"].Strings());
    }

    [Fact]
    public async Task An_empty_resubmission_is_422()
    {
        var id = await AwaitingReviewAsync();
        Assert.Equal(HttpStatusCode.OK, (await RaiseAsync(app.Officer(), id, "officer-review",
            new { decision = "refer-back", requiredInformation = new[] { "More detail" } })).StatusCode);

        await AssertValidation(await RaiseAsync(app.Applicant(Org), id, "resubmission", new { }), "changes");
        var bad = await app.Applicant(Org).PostAsJsonAsync($"/api/applications/{id}/events/resubmission", new { requestedTermMonths = "ten" });
        await AssertValidation(bad, "requestedTermMonths");
        Assert.Equal("ReferredBack", (await GetAsync(app.Officer(), id)).State());
    }
}
