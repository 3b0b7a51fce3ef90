using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Runtime.Index;
using Dars.Runtime.Sla;
using Dars.Tests.Api;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.EndToEnd;

/// <summary>
/// One application from submission to Closed/Completed through HTTP on Azurite: assessment with an
/// external approval, approval, agreement, production, release, suspension and re-release, renewal, expiry on the
/// dev clock, the overdue escalation and the certificate of destruction — status and history checked at each step.
/// </summary>
public sealed class LifecycleJourneyTests : IClassFixture<DarsFactory>
{
    private static readonly DateOnly Today = UkTime.DateOf(DarsFactory.Start);
    private readonly DarsFactory _app;
    private readonly HttpClient _applicant, _officer, _approver, _producer, _auditor;

    public LifecycleJourneyTests(DarsFactory app)
    {
        _app = app;
        _applicant = app.ClientAs("alice", "Applicant", "X26");
        _officer = app.ClientAs("olivia", "CaseOfficer");
        _approver = app.ClientAs("ann", "Approver");
        _producer = app.ClientAs("priya", "DataProducer");
        _auditor = app.ClientAs("aziz", "Auditor");
    }

    [Fact]
    public async Task An_application_goes_from_submission_through_renewal_expiry_and_escalation_to_a_certificate_of_destruction()
    {
        var dataset = new StringContent("NHS_NUMBER,ADMIDATE,DIAG_4_01\n9434765919,2024-03-01,I500\n", System.Text.Encoding.UTF8, "text/csv");
        Assert.True((await _producer.PutAsync("/api/datasets/hes-apc", dataset)).IsSuccessStatusCode);
        var form = Forms.Json(Today, "X26", approvals: "ons-accredited-researcher");
        form["cohortRequired"] = false;
        form["accessMode"] = "secure-data-environment";
        form["requestedTermMonths"] = 12;
        var submitted = await ApiKit.Object(await _applicant.PostAsJsonAsync("/api/applications", form));
        var id = submitted.Id();
        Assert.Equal("AwaitingInitialReview", submitted.State());

        // Application stage: accepted, paused for the ONS approval, then assessed.
        var accepted = await ApiKit.RaiseOkAsync(_officer, id, "officer-review", new { decision = "accept" });
        Assert.Equal("UnderAssessment", accepted.State());
        Assert.True((bool)accepted["sla"]!["paused"]!);
        Assert.Equal(["external-approval:ons-accredited-researcher"], accepted["sla"]!["pauseReasons"].Strings());
        var granted = await ApiKit.RaiseOkAsync(_officer, id, "external-approval", new { approvalType = "ons-accredited-researcher", outcome = "granted", reference = "ONS-AR-123" });
        Assert.False((bool)granted["sla"]!["paused"]!);
        Assert.Equal("AwaitingApproval", (await ApiKit.RaiseOkAsync(_officer, id, "assessment-complete", new { notes = "Assessed" })).State());

        // Approval: the officer who assessed may not approve; another approver does, with conditions.
        var twoHats = _app.ClientAs("olivia", "Approver");
        Assert.Equal(HttpStatusCode.Forbidden, (await twoHats.PostAsJsonAsync($"/api/applications/{id}/events/approval-decision", new { decision = "approve" })).StatusCode);
        var approved = await ApiKit.RaiseOkAsync(_approver, id, "approval-decision", new { decision = "approve", conditions = new[] { "No linkage beyond HES" }, approvedTermMonths = 12 });
        Assert.Equal("AwaitingProviderSignature", approved.State());
        Assert.Equal("met", (string?)approved["sla"]!["status"]);

        // Access: signatures and purchase order in either order start the agreement.
        await ApiKit.RaiseOkAsync(_officer, id, "agreement-signed-by-provider", new { signatoryName = "Olivia Officer" });
        var afterSignature = await ApiKit.RaiseOkAsync(_applicant, id, "agreement-signed-by-applicant", new { signatoryName = "Dr A Researcher", signatoryRole = "Principal investigator" });
        Assert.Equal("AwaitingSignatureAndPurchaseOrder", afterSignature.State());
        Assert.Equal(["purchase-order", "withdraw"], afterSignature["awaiting"].Strings());
        var started = await ApiKit.RaiseOkAsync(_applicant, id, "purchase-order", new { poNumber = "PO-2026/0042" });
        var start = Today.AddDays(14);
        var expiry = start.AddMonths(12);
        Assert.Equal(start.ToString("yyyy-MM-dd"), (string?)started["agreement"]!["startDate"]);
        Assert.Equal(expiry.ToString("yyyy-MM-dd"), (string?)started["agreement"]!["expiryDate"]);

        // Production and sign-off, then release (activities run on the queue).
        await WaitForState(id, "AwaitingDataSignOff");
        Assert.Equal("ReleasingData", (await ApiKit.RaiseOkAsync(_producer, id, "data-signed-off", new { decision = "approve" })).State());
        var active = await WaitForState(id, "Active");
        Assert.Equal("secure-data-environment", (string?)active["release"]!["mode"]);
        Assert.NotNull(active["release"]!["releasedAt"]);

        // Audit: an observation leaves access as it is.
        Assert.Equal("Active", (await ApiKit.RaiseOkAsync(_auditor, id, "audit-completed", new { findings = new[] { new { type = "observation", risk = "low" } } })).State());

        // A critical finding suspends access (the grant is revoked); closing the findings releases the same data again.
        var grant = (string?)(await ApiKit.Body(await _applicant.GetAsync($"/api/applications/{id}/release")))["grant"];
        Assert.StartsWith($"sde-{id}-", grant);
        var suspended = await ApiKit.RaiseOkAsync(_auditor, id, "audit-completed", new { findings = new[] { new { type = "nonconformity", risk = "critical" } } });
        Assert.Equal("Suspended", suspended.State());
        await Eventually.Until(() => Status(id), s => s["release"]!["revokedAt"] is not null, what: "access suspended");
        Assert.Equal(HttpStatusCode.Conflict, (await _applicant.GetAsync($"/api/applications/{id}/release")).StatusCode);
        Assert.Equal("Active", (await ApiKit.RaiseOkAsync(_auditor, id, "audit-findings-closed", new { notes = "Corrective actions verified" })).State());
        var restored = await Eventually.Until(async () => await _applicant.GetAsync($"/api/applications/{id}/release"),
            r => r.StatusCode == HttpStatusCode.OK, what: "data re-released");
        var regranted = (string?)(await ApiKit.Body(restored))["grant"];
        Assert.StartsWith($"sde-{id}-", regranted);
        Assert.NotEqual(grant, regranted);

        // Renewal: six more months; the first expiry's timers become stale.
        Assert.Equal("UnderRenewal", (await ApiKit.RaiseOkAsync(_applicant, id, "renewal-requested", new { termMonths = 6, justification = "Follow-up analysis" })).State());
        var renewed = await ApiKit.RaiseOkAsync(_approver, id, "renewal-decision", new { decision = "approve", termMonths = 6 });
        var newExpiry = expiry.AddMonths(6);
        Assert.Equal("Active", renewed.State());
        Assert.Equal(newExpiry.ToString("yyyy-MM-dd"), (string?)renewed["agreement"]!["expiryDate"]);

        // Past the first expiry date nothing happens: that timer is stale.
        await Advance(expiry.DayNumber - Today.DayNumber + 1);
        Assert.Equal("Active", (await Status(id)).State());

        // Past the renewed expiry: access revoked, certificate due in 30 days.
        await Advance(newExpiry.DayNumber - expiry.DayNumber);
        var expired = await Status(id);
        Assert.Equal("AwaitingDestructionCertificate", expired.State());
        Assert.Equal(newExpiry.AddDays(30).ToString("yyyy-MM-dd"), (string?)expired["destruction"]!["dueDate"]);
        Assert.False((bool)expired["destruction"]!["overdue"]!);
        Assert.Empty(expired["awaiting"].Strings());
        Assert.Equal(["certificate-of-destruction"], (await ApiKit.GetAsync(_applicant, id))["awaiting"].Strings());
        await Eventually.Until(() => Status(id), s => s["release"]!["revokedAt"] is not null, what: "access revoked");

        // A day past the due date: overdue, officers told.
        await Advance(31);
        var overdue = await Status(id);
        Assert.True((bool)overdue["destruction"]!["overdue"]!);

        var closed = await ApiKit.RaiseOkAsync(_applicant, id, "certificate-of-destruction", new
        {
            signatoryName = "Dr A Researcher", signatoryRole = "Principal investigator",
            destroyedOn = UkTime.DateOf(_app.Service<TimeProvider>().GetUtcNow()).ToString("yyyy-MM-dd"),
            method = "Secure erasure (NCSC guidance)", allCopiesDestroyed = true,
        });
        Assert.Equal("Closed", closed.State());
        Assert.Equal("Completed", (string?)closed["outcome"]);
        Assert.Empty(closed["awaiting"].Strings());

        var history = await Eventually.Until(() => History(id), h => h.Count(t => t == "notification-sent") >= 19, what: "every notification recorded");
        // Revocations are recorded by an activity, so their place among the other events may vary: one after the
        // suspension, before the findings were closed, and one after the expiry.
        Assert.Equal(2, history.Count(t => t == "access-revoked"));
        Assert.True(Array.IndexOf(history, "access-revoked") < Array.IndexOf(history, "audit-findings-closed"));
        Assert.True(Array.LastIndexOf(history, "access-revoked") > Array.IndexOf(history, "agreement-expired"));
        Assert.Equal(
        [
            "application-submitted", "officer-review", "external-approval", "assessment-complete", "approval-decision",
            "agreement-signed-by-provider", "agreement-signed-by-applicant", "purchase-order", "agreement-started",
            "data-produced", "data-signed-off", "data-released", "audit-completed", "audit-completed", "audit-findings-closed",
            "data-released", "renewal-requested", "renewal-decision",
            "expiry-reminder", "expiry-reminder", "expiry-reminder", "agreement-expired", "destruction-certificate-due",
            "destruction-reminder", "destruction-reminder", "destruction-overdue", "certificate-of-destruction",
        ], history.Where(t => t is not ("notification-sent" or "access-revoked")));
    }


    private async Task<JsonObject> Status(string id) => await ApiKit.GetAsync(_officer, id);

    private Task<JsonObject> WaitForState(string id, string state) =>
        Eventually.Until(() => Status(id), s => s.State() == state, what: $"state {state}");

    private async Task<string[]> History(string id) =>
        (await ApiKit.Body(await _auditor.GetAsync($"/api/applications/{id}/history"))).AsArray().Select(e => (string)e!["type"]!).ToArray();

    private async Task Advance(int days)
    {
        var response = await _officer.PostAsJsonAsync("/api/dev/clock", new { advanceDays = days });
        Assert.True(response.IsSuccessStatusCode, $"dev clock gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

/// <summary>What the SLA tests read back over HTTP.</summary>
internal static class SlaReads
{
    /// <summary>The statuses marked on the application, oldest first.</summary>
    public static async Task<string[]> MarksAsync(HttpClient client, string id) =>
        (await ApiKit.Body(await client.GetAsync($"/api/applications/{id}/history"))).AsArray()
            .Where(e => (string?)e!["type"] == "sla-status-marked").Select(e => (string)e!["data"]!["status"]!).ToArray();

    /// <summary>The breached list once it holds the application (at <paramref name="version"/> or later).</summary>
    public static Task<JsonArray> BreachedListingAsync(HttpClient client, string id, long version = 0) =>
        Eventually.Until(
            async () => (await ApiKit.Body(await client.GetAsync("/api/applications?slaStatus=breached"))).AsObject()["items"]!.AsArray(),
            items => items.Any(i => (string?)i!["id"] == id && (long)i["version"]! >= version), what: "the breached list");
}

/// <summary>The daily SLA check on the dev clock: at risk, then breached, each marked once and listed.</summary>
public sealed class SlaJourneyTests : IClassFixture<DarsFactory>
{
    private readonly DarsFactory _app;

    public SlaJourneyTests(DarsFactory app) => _app = app;

    [Fact]
    public async Task The_daily_check_marks_an_application_at_risk_then_breached_and_the_list_follows()
    {
        var applicant = _app.ClientAs("alice", "Applicant", "X26");
        var officer = _app.ClientAs("olivia", "CaseOfficer");
        var id = (await ApiKit.SubmitAsync(applicant, "X26")).Id();
        var accept = await officer.PostAsJsonAsync($"/api/applications/{id}/events/officer-review", new { decision = "accept" });
        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);

        // After Monday 23 November 2026 (not counted) up to Monday 22 February 2027: 65 weekdays, less Christmas,
        // the Boxing Day substitute and New Year's Day, is 62 working days: above the target of 60.
        var clock = await officer.PostAsJsonAsync("/api/dev/clock", new { advanceDays = 91 });
        Assert.Equal(HttpStatusCode.OK, clock.StatusCode);

        var status = await ApiKit.GetAsync(officer, id);
        Assert.Equal("breached", (string?)status["sla"]!["status"]);
        Assert.Equal(62, (int)status["sla"]!["elapsedWorkingDays"]!);
        Assert.Equal(["at-risk", "breached"], await SlaReads.MarksAsync(officer, id));
        Assert.Contains(await SlaReads.BreachedListingAsync(officer, id), i => (string?)i!["id"] == id);
    }
}

/// <summary>The daily SLA check finds an application the index already files as breached before any check marked it.</summary>
public sealed class SlaCheckAfterIndexingTests : IClassFixture<DarsFactory>
{
    private readonly DarsFactory _app;

    public SlaCheckAfterIndexingTests(DarsFactory app) => _app = app;

    [Fact]
    public async Task An_application_indexed_as_breached_before_the_morning_check_is_still_marked_breached_once()
    {
        var applicant = _app.ClientAs("alice", "Applicant", "X26");
        var officer = _app.ClientAs("olivia", "CaseOfficer");
        var id = (await ApiKit.SubmitAsync(applicant, "X26")).Id();
        await ApiKit.RaiseOkAsync(officer, id, "officer-review", new { decision = "accept" });

        // Friday 19 February 2027 is the 61st working day after Monday 23 November 2026: the target of 60 is passed at
        // midnight, and an event at 03:00, before the 07:00 check, files the application under breached.
        _app.Time.SetUtcNow(new DateTimeOffset(2027, 2, 19, 3, 0, 0, TimeSpan.Zero));
        await ApiKit.RaiseOkAsync(officer, id, "assessment-complete", new { });
        await SlaReads.BreachedListingAsync(officer, id);
        Assert.Empty(await SlaReads.MarksAsync(officer, id));

        await _app.Service<SlaDailyCheck>().RunAsync(default);
        var marks = await Eventually.Until(() => SlaReads.MarksAsync(officer, id), m => m.Length > 0, what: "the breached mark");
        // Run again once the index holds the mark: it is skipped there, and the decider would refuse it anyway.
        await SlaReads.BreachedListingAsync(officer, id, (await ApiKit.GetAsync(officer, id)).Version());
        await _app.Service<SlaDailyCheck>().RunAsync(default);

        Assert.Equal(["breached"], marks);
        Assert.Equal(["breached"], await SlaReads.MarksAsync(officer, id));
    }
}

/// <summary>Which index rows the daily SLA check asks the decider about, and which it leaves without a read.</summary>
public sealed class SlaCheckSelectionTests
{
    private static IndexEntry Row(string state, string sla, string? mark) =>
        new("NIC-000001", state, "Application", sla, "X26", "Org", "t", null, 3, DarsFactory.Start, DarsFactory.Start, mark);

    [Theory]
    [InlineData("UnderAssessment", "on-track", null, true)]
    [InlineData("AwaitingApproval", "at-risk", "at-risk", true)]
    [InlineData("ReferredBack", "breached", "at-risk", true)]
    [InlineData("UnderAssessment", "breached", "breached", false)] // marked already
    [InlineData("Active", "breached", null, false)]                // its clock stopped above the target
    [InlineData("Closed", "breached", "at-risk", false)]
    public void Only_applications_whose_clock_runs_and_not_yet_marked_breached_are_asked_about(string state, string sla, string? mark, bool asked) =>
        Assert.Equal(asked, SlaDailyCheck.ToMark(Row(state, sla, mark)));
}
