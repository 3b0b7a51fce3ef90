using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

public class ExternalApprovalTests : DeciderSpec
{
    private const string Ethics = "research-ethics";
    private const string Cag = "cag-section-251";

    [Theory]
    [InlineData("ons-accredited-researcher")]
    [InlineData("cag-section-251")]
    [InlineData("research-ethics")]
    [InlineData("advisory-group-for-data")]
    public void Requesting_an_approval_under_assessment_makes_it_pending(string type)
    {
        Given(Submitted(), Accept)
            .When(Requested(type), Olivia)
            .Then(Requested(type))
            .ThenActingRole(Role.CaseOfficer)
            .ThenEffects()
            .ThenState(s =>
            {
                Assert.Equal(State.UnderAssessment, s.State);
                Assert.Equal([new ExternalApproval(type, ApprovalStatus.Pending)], s.ExternalApprovals);
            });
    }

    [Theory]
    [InlineData("gmc-approval")]
    [InlineData("Research-Ethics")]
    [InlineData(null)]
    public void Requesting_an_unknown_approval_type_is_invalid(string? type)
    {
        Given(Submitted(), Accept).When(new ExternalApprovalRequested(type, null), Olivia).ThenRejected(RejectionKind.Invalid, "approvalType");
    }

    [Fact]
    public void Requesting_an_approval_already_pending_is_not_awaited()
    {
        Given(Submitted(Ethics), Accept).When(Requested(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Requesting_an_approval_already_granted_is_not_awaited()
    {
        Given(Submitted(Ethics), Accept, Granted(Ethics)).When(Requested(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_refused_approval_can_be_requested_again_and_is_pending_once_more()
    {
        Given(Submitted(Ethics, Cag), Accept, Refused(Ethics, "REC 26/LO/0001"))
            .When(Requested(Ethics), Olivia)
            .Then(Requested(Ethics))
            .ThenState(s => Assert.Equal(
                [new ExternalApproval(Cag, ApprovalStatus.Pending), new ExternalApproval(Ethics, ApprovalStatus.Pending)],
                s.ExternalApprovals));
    }

    [Fact]
    public void Requesting_an_approval_is_not_awaited_at_initial_review()
    {
        Given(Submitted()).When(Requested(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Requesting_an_approval_is_not_awaited_while_referred_back()
    {
        Given(Submitted(), Accept, ReferBack()).When(Requested(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void An_applicant_may_not_request_an_approval()
    {
        Given(Submitted(), Accept).When(Requested(Ethics), Alice).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Recording_a_granted_approval_resolves_it_with_its_reference_and_expiry()
    {
        var granted = Granted(Ethics, "REC 26/LO/0001", new DateOnly(2028, 1, 31));

        Given(Submitted(Ethics, Cag), Accept)
            .When(granted, Olivia)
            .Then(granted)
            .ThenActingRole(Role.CaseOfficer)
            .ThenState(s =>
            {
                Assert.Equal(State.UnderAssessment, s.State);
                Assert.Equal(
                    [
                        new ExternalApproval(Ethics, ApprovalStatus.Granted, "REC 26/LO/0001", new DateOnly(2028, 1, 31)),
                        new ExternalApproval(Cag, ApprovalStatus.Pending),
                    ],
                    s.ExternalApprovals);
            });
    }

    [Fact]
    public void Recording_a_refused_approval_resolves_it_as_refused()
    {
        Given(Submitted(Ethics), Accept)
            .When(Refused(Ethics, "REC 26/LO/0001"), Olivia)
            .ThenState(s => Assert.Equal([new ExternalApproval(Ethics, ApprovalStatus.Refused, "REC 26/LO/0001")], s.ExternalApprovals));
    }

    [Fact]
    public void Recording_an_approval_when_none_is_pending_is_not_awaited()
    {
        Given(Submitted(), Accept).When(Granted(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Recording_an_approval_that_is_not_the_pending_one_is_not_awaited()
    {
        Given(Submitted(Cag), Accept).When(Granted(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Recording_an_approval_already_resolved_is_not_awaited()
    {
        Given(Submitted(Ethics, Cag), Accept, Granted(Ethics)).When(Refused(Ethics), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Recording_an_approval_without_a_reference_is_invalid(string? reference)
    {
        Given(Submitted(Ethics), Accept)
            .When(new ExternalApprovalRecorded(Ethics, ExternalApprovalRecorded.Granted, reference, null, null), Olivia)
            .ThenRejected(RejectionKind.Invalid, "reference");
    }

    [Theory]
    [InlineData("approved")]
    [InlineData("Granted")]
    [InlineData(null)]
    public void Recording_an_approval_with_an_unknown_outcome_is_invalid(string? outcome)
    {
        Given(Submitted(Ethics), Accept)
            .When(new ExternalApprovalRecorded(Ethics, outcome, "REC 1", null, null), Olivia)
            .ThenRejected(RejectionKind.Invalid, "outcome");
    }

    [Fact]
    public void Recording_an_approval_of_an_unknown_type_is_invalid()
    {
        Given(Submitted(Ethics), Accept)
            .When(new ExternalApprovalRecorded("gmc-approval", ExternalApprovalRecorded.Granted, "REC 1", null, null), Olivia)
            .ThenRejected(RejectionKind.Invalid, "approvalType");
    }

    [Fact]
    public void An_approval_is_recorded_while_referred_back_too_and_it_stays_referred_back()
    {
        Given(Submitted(Ethics), Accept, ReferBack())
            .When(Granted(Ethics, "REC 26/LO/0001"), Olivia)
            .Then(Granted(Ethics, "REC 26/LO/0001"))
            .ThenState(s =>
            {
                Assert.Equal(State.ReferredBack, s.State);
                Assert.Equal([new ExternalApproval(Ethics, ApprovalStatus.Granted, "REC 26/LO/0001")], s.ExternalApprovals);
            });
    }

    [Fact]
    public void An_approver_may_not_record_an_approval()
    {
        Given(Submitted(Ethics), Accept).When(Granted(Ethics), Arthur).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void The_assessment_cannot_be_completed_while_an_approval_is_pending()
    {
        Given(Submitted(Ethics, Cag), Accept, Granted(Cag)).When(Assessed, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void The_assessment_cannot_be_completed_while_an_approval_is_refused()
    {
        Given(Submitted(Ethics, Cag), Accept, Granted(Cag), Refused(Ethics)).When(Assessed, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void The_assessment_is_completed_when_every_approval_is_granted_and_names_the_officer()
    {
        Given(Submitted(Ethics, Cag), Accept, Granted(Cag), Refused(Ethics), Requested(Ethics), Granted(Ethics))
            .When(Assessed, Olivia)
            .Then(Assessed)
            .ThenActingRole(Role.CaseOfficer)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingApproval, s.State);
                Assert.Equal(Stage.Approval, s.Stage);
                Assert.Equal("olivia", s.AssessedBy);
            });
    }

    [Fact]
    public void The_assessment_is_completed_without_any_approvals()
    {
        Given(Submitted(), Accept)
            .When(Assessed, new Caller("oscar", Role.CaseOfficer))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingApproval, s.State);
                Assert.Equal("oscar", s.AssessedBy);
            });
    }

    [Fact]
    public void The_assessment_cannot_be_completed_at_initial_review()
    {
        Given(Submitted()).When(Assessed, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void The_assessment_cannot_be_completed_while_referred_back()
    {
        Given(Submitted(), Accept, ReferBack()).When(Assessed, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void An_applicant_may_not_complete_the_assessment()
    {
        Given(Submitted(), Accept).When(Assessed, Alice).ThenRejected(RejectionKind.Forbidden);
    }
}
