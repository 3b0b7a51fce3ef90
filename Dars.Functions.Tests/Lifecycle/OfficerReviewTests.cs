using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

public class OfficerReviewTests : DeciderSpec
{
    [Fact]
    public void Accepting_at_initial_review_starts_assessment_and_the_SLA_clock()
    {
        Given(Submitted())
            .When(Accept, Olivia)
            .Then(Accept)
            .ThenActingRole(Role.CaseOfficer)
            .ThenNotifies(("application-accepted", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.UnderAssessment, s.State);
                Assert.Equal(Stage.Application, s.Stage);
                Assert.True(s.EverAccepted);
                Assert.Equal(Now, s.Sla.StartedAt);
                Assert.Null(s.Sla.StoppedAt);
                Assert.Empty(s.Sla.Pauses);
                Assert.Empty(s.ExternalApprovals);
            });
    }

    [Fact]
    public void Accepting_makes_the_approvals_listed_in_the_application_pending()
    {
        Given(Submitted("research-ethics", "cag-section-251"))
            .When(Accept, Olivia)
            .ThenState(s => Assert.Equal(
                [new ExternalApproval("research-ethics", ApprovalStatus.Pending), new ExternalApproval("cag-section-251", ApprovalStatus.Pending)],
                s.ExternalApprovals));
    }

    [Fact]
    public void Referring_back_at_initial_review_records_what_is_required()
    {
        var referBack = ReferBack("A data flow diagram", "The DSPT organisation code");

        Given(Submitted())
            .When(referBack, Olivia)
            .Then(referBack)
            .ThenNotifies(("application-referred-back", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.ReferredBack, s.State);
                Assert.Equal(["A data flow diagram", "The DSPT organisation code"], s.RequiredInformation);
                Assert.False(s.EverAccepted);
                Assert.False(s.Sla.Started);
            });
    }

    public static TheoryData<string[]?> MissingRequiredInformation => new() { null, Array.Empty<string>(), new[] { " " }, new[] { "A diagram", "" } };

    [Theory]
    [MemberData(nameof(MissingRequiredInformation))]
    public void Referring_back_without_the_required_information_is_invalid(string[]? requiredInformation)
    {
        Given(Submitted())
            .When(new OfficerReview(OfficerReview.ReferBack, requiredInformation, null), Olivia)
            .ThenRejected(RejectionKind.Invalid, "requiredInformation");
    }

    [Fact]
    public void Rejecting_at_initial_review_closes_it_as_Rejected()
    {
        Given(Submitted())
            .When(Reject, Olivia)
            .Then(Reject)
            .ThenNotifies(("application-rejected", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Stage.Closed, s.Stage);
                Assert.Equal(Outcome.Rejected, s.Outcome);
                Assert.False(s.Sla.Started);
            });
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("Accept")]
    [InlineData("")]
    public void An_unknown_decision_is_invalid_on_decision(string decision)
    {
        Given(Submitted()).When(new OfficerReview(decision, null, null), Olivia).ThenRejected(RejectionKind.Invalid, "decision");
    }

    [Fact]
    public void A_review_without_a_decision_is_invalid_on_decision()
    {
        Given(Submitted()).When(new OfficerReview(null, null, "Looks fine"), Olivia).ThenRejected(RejectionKind.Invalid, "decision");
    }

    [Fact]
    public void An_applicant_may_not_review()
    {
        Given(Submitted()).When(Accept, Alice).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void An_approver_may_not_review()
    {
        Given(Submitted()).When(Accept, Arthur).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Accepting_again_under_assessment_is_not_awaited()
    {
        Given(Submitted(), Accept).When(Accept, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Referring_back_under_assessment_returns_it_to_the_applicant_and_keeps_the_clock_started()
    {
        var referBack = ReferBack("Updated ethics letter");

        Given(Submitted(), Accept)
            .When(referBack, Olivia)
            .Then(referBack)
            .ThenState(s =>
            {
                Assert.Equal(State.ReferredBack, s.State);
                Assert.Equal(["Updated ethics letter"], s.RequiredInformation);
                Assert.True(s.EverAccepted);
                Assert.Equal(At(1), s.Sla.StartedAt);
                Assert.Null(s.Sla.StoppedAt);
            });
    }

    [Fact]
    public void Referring_back_under_assessment_also_needs_the_required_information()
    {
        Given(Submitted(), Accept)
            .When(new OfficerReview(OfficerReview.ReferBack, null, null), Olivia)
            .ThenRejected(RejectionKind.Invalid, "requiredInformation");
    }

    [Fact]
    public void Rejecting_under_assessment_closes_it_as_Rejected()
    {
        Given(Submitted(), Accept)
            .When(Reject, Olivia)
            .Then(Reject)
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Rejected, s.Outcome);
            });
    }

    [Fact]
    public void An_unknown_decision_under_assessment_is_invalid_on_decision()
    {
        Given(Submitted(), Accept).When(new OfficerReview("approve", null, null), Olivia).ThenRejected(RejectionKind.Invalid, "decision");
    }

    [Fact]
    public void A_review_is_not_awaited_while_referred_back()
    {
        Given(Submitted(), ReferBack()).When(Reject, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_review_is_not_awaited_on_an_enquiry()
    {
        Given(Enquiry()).When(Accept, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_caller_with_two_roles_is_recorded_in_the_role_that_allowed_the_event()
    {
        var both = new Caller("pat", new HashSet<Role> { Role.Applicant, Role.CaseOfficer }, Org);

        Given(Submitted()).When(Accept, both).ThenActingRole(Role.CaseOfficer);
    }
}
