using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>LIFECYCLE.md Audit stage: renewals (<c>Active</c>, <c>UnderRenewal</c>) and audits (<c>Active</c>, <c>UnderRenewal</c>, <c>Suspended</c>).</summary>
public class RenewalAndAuditTests : LaterStageSpec
{
    // ---- renewal-requested ----

    [Fact]
    public void The_applicant_asks_to_renew_and_the_agreement_is_under_renewal()
    {
        var request = AskToRenew(12);

        Given(ToActive())
            .When(request, Alice)
            .Then(request)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("renewal-requested", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.UnderRenewal, s.State);
                Assert.Equal(Stage.Audit, s.Stage);
                Assert.Equal(new RenewalRequest(12, "Follow-up for another year."), s.Renewal);
                Assert.Equal(Expiry, s.Agreement.ExpiryDate);
            });
    }

    [Fact]
    public void The_approver_who_completed_the_assessment_may_not_decide_the_renewal_either()
    {
        var history = ToUnderRenewal().Select(step => step.Data == Assessed ? By(Sam, Assessed) : step).ToArray();
        var scenario = Given(history);

        Assert.DoesNotContain("renewal-decision", Decider.Awaiting(scenario.State, Sam));
        scenario.When(ApproveRenewal(), Sam).ThenRejected(RejectionKind.Forbidden);
        scenario.When(RejectRenewal, Sam).ThenRejected(RejectionKind.Forbidden);
        scenario.When(ApproveRenewal(), Arthur).ThenActingRole(Role.Approver);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(36)]
    public void A_renewal_term_from_1_to_the_category_maximum_is_accepted(int termMonths)
    {
        Given(ToActive()).When(AskToRenew(termMonths), Alice).ThenState(s => Assert.Equal(termMonths, s.Renewal!.TermMonths));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(37)]
    public void A_renewal_term_outside_1_to_36_for_academic_research_is_invalid(int termMonths)
    {
        Given(ToActive()).When(AskToRenew(termMonths), Alice).ThenRejected(RejectionKind.Invalid, "termMonths");
    }

    [Fact]
    public void A_commercial_agreement_renews_for_at_most_12_months()
    {
        var commercial = ValidForm() with { PurposeCategory = "commercial", RequestedTermMonths = 12 };

        Given(ToActive(form: commercial)).When(AskToRenew(12), Alice).ThenState(s => Assert.Equal(State.UnderRenewal, s.State));
        Given(ToActive(form: commercial)).When(AskToRenew(13), Alice).ThenRejected(RejectionKind.Invalid, "termMonths");
    }

    [Fact]
    public void An_archiving_agreement_renews_for_up_to_60_months()
    {
        var archiving = ValidForm() with { PurposeCategory = "archiving" };

        Given(ToActive(form: archiving)).When(AskToRenew(60), Alice).ThenState(s => Assert.Equal(60, s.Renewal!.TermMonths));
        Given(ToActive(form: archiving)).When(AskToRenew(61), Alice).ThenRejected(RejectionKind.Invalid, "termMonths");
    }

    [Fact]
    public void A_renewal_request_needs_a_term_and_a_justification()
    {
        Given(ToActive()).When(new RenewalRequested(null, "Another year."), Alice).ThenRejected(RejectionKind.Invalid, "termMonths");
        Given(ToActive()).When(new RenewalRequested(12, null), Alice).ThenRejected(RejectionKind.Invalid, "justification");
        Given(ToActive()).When(new RenewalRequested(12, "  "), Alice).ThenRejected(RejectionKind.Invalid, "justification");
        Given(ToActive()).When(new RenewalRequested(null, null), Alice).ThenInvalid("justification", "termMonths");
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    [InlineData(Role.Auditor)]
    public void Only_the_applicant_asks_to_renew(Role role)
    {
        Given(ToActive()).When(AskToRenew(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void A_renewal_request_is_not_awaited_while_one_is_pending_suspended_or_before_release()
    {
        Given(ToUnderRenewal()).When(AskToRenew(), Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToSuspended()).When(AskToRenew(), Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToReleasingData()).When(AskToRenew(), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- renewal-decision ----

    [Fact]
    public void An_approved_renewal_extends_the_expiry_and_sets_its_timers_again()
    {
        var approve = ApproveRenewal(12);

        var scenario = Given(ToUnderRenewal())
            .When(approve, Arthur)
            .Then(approve)
            .ThenActingRole(Role.Approver)
            .ThenState(s =>
            {
                Assert.Equal(State.Active, s.State);
                Assert.Null(s.Renewal);
                Assert.Equal(new DateOnly(2028, 6, 30), s.Agreement.ExpiryDate);
            });

        Assert.Contains(scenario.Accepted.Effects, e => e is SendNotification { Template: "renewal-approved", Recipient: "applicant" });
        // New expiry Friday 30 June 2028 (BST): reminders 1 April, 31 May and 23 June 2028.
        Assert.Equal(
            [
                Timer("expiry-reminder", UkMidnight(2028, 4, 1, summer: true)),
                Timer("expiry-reminder", UkMidnight(2028, 5, 31, summer: true)),
                Timer("expiry-reminder", UkMidnight(2028, 6, 23, summer: true)),
                Timer("agreement-expired", UkMidnight(2028, 6, 30, summer: true)),
            ],
            Timers(scenario).OrderBy(t => t.DueAt));
    }

    [Fact]
    public void An_approved_renewal_may_be_shorter_than_requested()
    {
        Given(ToUnderRenewal(termMonths: 12))
            .When(ApproveRenewal(6), Arthur)
            .ThenState(s => Assert.Equal(new DateOnly(2027, 12, 30), s.Agreement.ExpiryDate));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-3)]
    public void An_approved_renewal_needs_a_term_of_at_least_one_month(int? termMonths)
    {
        Given(ToUnderRenewal()).When(ApproveRenewal(termMonths), Arthur).ThenRejected(RejectionKind.Invalid, "termMonths");
    }

    [Fact]
    public void A_rejected_renewal_leaves_the_agreement_active_with_its_expiry_unchanged()
    {
        var scenario = Given(ToUnderRenewal())
            .When(RejectRenewal, Arthur)
            .Then(RejectRenewal)
            .ThenNotifies(("renewal-rejected", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Active, s.State);
                Assert.Null(s.Renewal);
                Assert.Equal(Expiry, s.Agreement.ExpiryDate);
            });
        Assert.Empty(Timers(scenario));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("accept")]
    [InlineData("refer-back")]
    public void An_unknown_or_missing_renewal_decision_is_invalid(string? decision)
    {
        Given(ToUnderRenewal()).When(new RenewalDecision(decision, 12, null), Arthur).ThenRejected(RejectionKind.Invalid, "decision");
    }

    [Theory]
    [InlineData(Role.Applicant)]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Auditor)]
    public void Only_an_approver_decides_a_renewal(Role role)
    {
        Given(ToUnderRenewal()).When(ApproveRenewal(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void A_renewal_decision_is_not_awaited_without_a_pending_renewal()
    {
        Given(ToActive()).When(ApproveRenewal(), Arthur).ThenRejected(RejectionKind.NotAwaited);
        Given([.. ToUnderRenewal(), By(Arthur, RejectRenewal)]).When(ApproveRenewal(), Arthur).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void After_a_decided_renewal_another_can_be_requested()
    {
        Given([.. ToUnderRenewal(), By(Arthur, ApproveRenewal())])
            .When(AskToRenew(6), Alice)
            .ThenState(s => Assert.Equal(State.UnderRenewal, s.State));
    }

    // ---- audit-completed ----

    [Fact]
    public void An_audit_without_findings_is_recorded_and_the_agreement_stays_active()
    {
        var audit = Audit();

        Given(ToActive())
            .When(audit, Audrey)
            .Then(audit)
            .ThenActingRole(Role.Auditor)
            .ThenNotifies(("audit-completed", "applicant"))
            .ThenState(s => Assert.Equal(State.Active, s.State));
    }

    [Fact]
    public void Non_critical_findings_leave_the_agreement_active()
    {
        var audit = Audit(Finding("high"), Finding("medium", "observation"), Finding("low", "opportunity"));

        var scenario = Given(ToActive()).When(audit, Audrey).Then(audit).ThenState(s => Assert.Equal(State.Active, s.State));
        Assert.DoesNotContain(scenario.Accepted.Effects, e => e is RevokeAccess);
    }

    [Fact]
    public void A_critical_finding_revokes_access_and_suspends_the_agreement()
    {
        var audit = Audit(Finding("low", "observation"), Finding("critical"));

        Given(ToActive())
            .When(audit, Audrey)
            .Then(audit)
            .ThenEffects(new RevokeAccess("audit-critical-finding", Withhold: true),
                new SendNotification("access-suspended", "applicant", "A critical audit finding suspended access to the data."))
            .ThenState(s =>
            {
                Assert.Equal(State.Suspended, s.State);
                Assert.Equal(Stage.Audit, s.Stage);
                Assert.Equal(Expiry, s.Agreement.ExpiryDate);
            });
    }

    [Fact]
    public void Under_renewal_a_non_critical_audit_keeps_the_renewal_pending()
    {
        Given(ToUnderRenewal())
            .When(Audit(Finding("high")), Audrey)
            .ThenState(s =>
            {
                Assert.Equal(State.UnderRenewal, s.State);
                Assert.Equal(12, s.Renewal!.TermMonths);
            });
    }

    [Fact]
    public void Under_renewal_a_critical_finding_suspends_and_the_pending_renewal_lapses()
    {
        var scenario = Given(ToUnderRenewal())
            .When(CriticalAudit, Audrey)
            .ThenState(s =>
            {
                Assert.Equal(State.Suspended, s.State);
                Assert.Null(s.Renewal);
            });
        Assert.Contains(new RevokeAccess("audit-critical-finding", Withhold: true), scenario.Accepted.Effects);
    }

    [Fact]
    public void An_audit_needs_its_findings_even_when_empty()
    {
        Given(ToActive()).When(new AuditCompleted(null, "Nothing found."), Audrey).ThenRejected(RejectionKind.Invalid, "findings");
    }

    [Theory]
    [InlineData("defect", "high", "findings[0].type")]
    [InlineData(null, "high", "findings[0].type")]
    [InlineData("Nonconformity", "high", "findings[0].type")]
    [InlineData("observation", "severe", "findings[0].risk")]
    [InlineData("observation", null, "findings[0].risk")]
    [InlineData("observation", "Critical", "findings[0].risk")]
    public void Each_finding_needs_a_known_type_and_risk(string? type, string? risk, string field)
    {
        Given(ToActive()).When(Audit(new AuditFinding(type, risk, "Something.")), Audrey).ThenRejected(RejectionKind.Invalid, field);
    }

    [Fact]
    public void Finding_errors_are_reported_by_position()
    {
        Given(ToUnderRenewal())
            .When(Audit(Finding("low"), new AuditFinding("defect", "severe", null)), Audrey)
            .ThenInvalid("findings[1].risk", "findings[1].type");
    }

    [Theory]
    [InlineData(Role.Applicant)]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    [InlineData(Role.DataProducer)]
    public void Only_an_auditor_records_an_audit(Role role)
    {
        Given(ToActive()).When(Audit(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void An_audit_is_not_awaited_while_suspended_or_before_release()
    {
        Given(ToSuspended()).When(Audit(), Audrey).ThenRejected(RejectionKind.NotAwaited);
        Given(ToDataSignOff()).When(Audit(), Audrey).ThenRejected(RejectionKind.NotAwaited);
        Given(ToAwaitingDestruction(Today.AddDays(10))).When(Audit(), Audrey).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- audit-findings-closed ----

    [Fact]
    public void Closing_the_findings_re_releases_the_data_and_the_agreement_is_active_again()
    {
        Given(ToSuspended())
            .When(FindingsClosed, Audrey)
            .Then(FindingsClosed)
            .ThenActingRole(Role.Auditor)
            .ThenEffects(new ReleaseData("secure-file-transfer"))
            .ThenState(s =>
            {
                Assert.Equal(State.Active, s.State);
                Assert.Equal(Expiry, s.Agreement.ExpiryDate);
            });
    }

    [Theory]
    [InlineData(Role.Applicant)]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    public void Only_an_auditor_closes_findings(Role role)
    {
        Given(ToSuspended()).When(FindingsClosed, new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Closing_findings_is_not_awaited_unless_suspended()
    {
        Given(ToActive()).When(FindingsClosed, Audrey).ThenRejected(RejectionKind.NotAwaited);
        Given(ToUnderRenewal()).When(FindingsClosed, Audrey).ThenRejected(RejectionKind.NotAwaited);
    }
}
