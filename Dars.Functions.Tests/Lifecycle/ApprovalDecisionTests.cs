using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>LIFECYCLE.md <c>AwaitingApproval</c>: the approver's <c>approval-decision</c>, and separation of duties.</summary>
public class ApprovalDecisionTests : LaterStageSpec
{
    [Fact]
    public void Approving_with_conditions_and_a_shorter_term_awaits_the_provider_signature_and_stops_the_SLA_clock()
    {
        var approve = Approve(12, "Publish aggregate results only", "No linkage to other data");

        Given(ToApproval())
            .When(approve, Arthur)
            .Then(approve)
            .ThenActingRole(Role.Approver)
            .ThenNotifies(("application-approved", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingProviderSignature, s.State);
                Assert.Equal(Stage.Access, s.Stage);
                Assert.Equal(["Publish aggregate results only", "No linkage to other data"], s.Agreement.Conditions);
                Assert.Equal(12, s.Agreement.ApprovedTermMonths);
                Assert.Equal(At(1), s.Sla.StartedAt);
                Assert.Equal(Now, s.Sla.StoppedAt);
                Assert.False(s.Sla.Running);
            });
    }

    [Fact]
    public void Approving_for_exactly_the_requested_term_is_allowed()
    {
        Given(ToApproval())
            .When(Approve(24), Arthur)
            .ThenState(s => Assert.Equal(24, s.Agreement.ApprovedTermMonths));
    }

    [Fact]
    public void Approving_without_a_term_approves_the_requested_term()
    {
        Given(ToApproval())
            .When(Approve(), Arthur)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingProviderSignature, s.State);
                Assert.Equal(24, s.Agreement.ApprovedTermMonths);
            });
    }

    [Theory]
    [InlineData(25)]
    [InlineData(36)]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_approved_term_above_the_requested_or_below_one_month_is_invalid(int approvedTermMonths)
    {
        Given(ToApproval()).When(Approve(approvedTermMonths), Arthur).ThenRejected(RejectionKind.Invalid, "approvedTermMonths");
    }

    [Theory]
    [InlineData(ApprovalDecision.Reject)]
    [InlineData(ApprovalDecision.ReferBack)]
    public void An_approved_term_goes_with_approve_only(string decision)
    {
        Given(ToApproval())
            .When(new ApprovalDecision(decision, null, 12, null), Arthur)
            .ThenRejected(RejectionKind.Invalid, "approvedTermMonths");
    }

    [Fact]
    public void A_blank_condition_is_invalid()
    {
        Given(ToApproval()).When(Approve(null, "Publish aggregates", " "), Arthur).ThenRejected(RejectionKind.Invalid, "conditions");
    }

    [Fact]
    public void Rejecting_closes_it_as_Rejected_and_stops_the_clock()
    {
        Given(ToApproval())
            .When(RejectAtApproval, Arthur)
            .Then(RejectAtApproval)
            .ThenNotifies(("application-rejected", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Rejected, s.Outcome);
                Assert.Equal(Now, s.Sla.StoppedAt);
            });
    }

    [Fact]
    public void Referring_back_returns_it_to_assessment_with_the_clock_still_running()
    {
        Given(ToApproval())
            .When(ReferBackAtApproval, Arthur)
            .Then(ReferBackAtApproval)
            .ThenNotifies(("approval-referred-back", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.UnderAssessment, s.State);
                Assert.Equal(Stage.Application, s.Stage);
                Assert.True(s.Sla.Running);
                Assert.Null(s.Sla.StoppedAt);
                Assert.Null(s.Sla.OpenPause);
                Assert.Null(s.Agreement.ApprovedTermMonths);
            });
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("Approve")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_or_missing_decision_is_invalid_on_decision(string? decision)
    {
        Given(ToApproval()).When(new ApprovalDecision(decision, null, null, null), Arthur).ThenRejected(RejectionKind.Invalid, "decision");
    }

    [Fact]
    public void A_case_officer_may_not_decide_approval()
    {
        Given(ToApproval()).When(Approve(), Olivia).ThenRejected(RejectionKind.Forbidden);
    }

    [Theory]
    [InlineData(Role.Applicant)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void Other_roles_may_not_decide_approval(Role role)
    {
        Given(ToApproval()).When(Approve(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void The_system_may_not_decide_approval()
    {
        Given(ToApproval()).When(Approve(), SystemCaller).ThenRejected(RejectionKind.Forbidden);
    }

    // ---- separation of duties ----

    [Fact]
    public void The_approver_who_completed_the_assessment_may_not_decide_it()
    {
        var scenario = Given(Submitted(), Accept, By(Sam, Assessed));
        Assert.Equal("sam", scenario.State.AssessedBy);

        scenario.When(Approve(), Sam).ThenRejected(RejectionKind.Forbidden);
        scenario.When(RejectAtApproval, Sam).ThenRejected(RejectionKind.Forbidden);
        scenario.When(ReferBackAtApproval, Sam).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Awaiting_for_the_assessor_excludes_the_approval_decision_while_another_approver_gets_it()
    {
        var scenario = Given(Submitted(), Accept, By(Sam, Assessed));

        Assert.DoesNotContain("approval-decision", Decider.Awaiting(scenario.State, Sam));
        Assert.Contains("terminate", Decider.Awaiting(scenario.State, Sam));
        Assert.Equal(["approval-decision"], Decider.Awaiting(scenario.State, Arthur));

        scenario.When(Approve(), Arthur).ThenActingRole(Role.Approver).ThenState(s => Assert.Equal(State.AwaitingProviderSignature, s.State));
    }

    [Fact]
    public void A_person_with_both_roles_who_did_not_assess_may_approve_as_the_approver()
    {
        var scenario = Given(ToApproval());
        Assert.Equal("olivia", scenario.State.AssessedBy);
        Assert.Contains("approval-decision", Decider.Awaiting(scenario.State, Sam));

        scenario.When(Approve(), Sam)
            .ThenActingRole(Role.Approver)
            .ThenState(s => Assert.Equal(State.AwaitingProviderSignature, s.State));
    }

    [Fact]
    public void After_a_refer_back_and_a_new_assessment_the_new_assessor_is_the_one_excluded()
    {
        var scenario = Given(Submitted(), Accept, By(Sam, Assessed), By(Arthur, ReferBackAtApproval), By(Olivia, Assessed));

        Assert.Equal("olivia", scenario.State.AssessedBy);
        scenario.When(Approve(), Sam).ThenActingRole(Role.Approver);
    }

    // ---- not awaited ----

    [Fact]
    public void An_approval_decision_is_not_awaited_under_assessment()
    {
        Given(Submitted(), Accept).When(Approve(), Arthur).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Deciding_twice_is_not_awaited()
    {
        Given(ToProviderSignature()).When(Approve(), Anna).ThenRejected(RejectionKind.NotAwaited);
        Given([.. ToApproval(), RejectAtApproval]).When(Approve(), Anna).ThenRejected(RejectionKind.NotAwaited);
    }
}
