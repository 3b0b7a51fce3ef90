using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

public class WithdrawAndTerminateTests : DeciderSpec
{
    /// <summary>Every open state of the Enquiry and Application stages, by a readable name.</summary>
    private static Scenario In(string situation) => situation switch
    {
        "Enquiry" => Given(Enquiry()),
        "Enquiry answered" => Given(Enquiry(), new EnquiryResponse("Advice.")),
        "AwaitingInitialReview" => Given(Submitted()),
        "AwaitingInitialReview from an enquiry" => Given(Enquiry(), Submitted()),
        "ReferredBack before acceptance" => Given(Submitted(), ReferBack()),
        "AwaitingInitialReview after resubmission" => Given(Submitted(), ReferBack(), ResubmitTitle()),
        "UnderAssessment" => Given(Submitted(), Accept),
        "UnderAssessment with an approval pending" => Given(Submitted("research-ethics"), Accept),
        "ReferredBack after acceptance" => Given(Submitted(), Accept, ReferBack()),
        _ => throw new ArgumentOutOfRangeException(nameof(situation)),
    };

    public static TheoryData<string> OpenSituations =>
    [
        "Enquiry", "Enquiry answered", "AwaitingInitialReview", "AwaitingInitialReview from an enquiry",
        "ReferredBack before acceptance", "AwaitingInitialReview after resubmission", "UnderAssessment",
        "UnderAssessment with an approval pending", "ReferredBack after acceptance",
    ];

    [Theory]
    [MemberData(nameof(OpenSituations))]
    public void The_applicant_withdraws_and_it_is_closed_as_Withdrawn(string situation)
    {
        var withdrawn = new Withdrawn("We found the data elsewhere.");

        In(situation)
            .When(withdrawn, Alice)
            .Then(withdrawn)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("application-withdrawn", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Stage.Closed, s.Stage);
                Assert.Equal(Outcome.Withdrawn, s.Outcome);
            });
    }

    [Theory]
    [MemberData(nameof(OpenSituations))]
    public void A_case_officer_terminates_and_it_is_closed_as_Terminated(string situation)
    {
        var terminated = new Terminated("Duplicate of another application.");

        In(situation)
            .When(terminated, Olivia)
            .Then(terminated)
            .ThenActingRole(Role.CaseOfficer)
            .ThenNotifies(("application-terminated", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Terminated, s.Outcome);
            });
    }

    [Theory]
    [MemberData(nameof(OpenSituations))]
    public void A_case_officer_may_not_withdraw(string situation)
    {
        In(situation).When(new Withdrawn(null), Olivia).ThenRejected(RejectionKind.Forbidden);
    }

    [Theory]
    [MemberData(nameof(OpenSituations))]
    public void An_applicant_may_not_terminate(string situation)
    {
        In(situation).When(new Terminated(null), Alice).ThenRejected(RejectionKind.Forbidden);
    }

    [Theory]
    [InlineData(Role.Approver)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void Other_roles_may_neither_withdraw_nor_terminate(Role role)
    {
        var caller = new Caller("someone", role, Org);
        Given(Submitted()).When(new Withdrawn(null), caller).ThenRejected(RejectionKind.Forbidden);
        Given(Submitted()).When(new Terminated(null), caller).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Withdrawing_before_anything_exists_is_not_awaited()
    {
        Given().When(new Withdrawn(null), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Withdrawing_a_withdrawn_application_is_not_awaited()
    {
        Given(Submitted(), new Withdrawn(null)).When(new Withdrawn(null), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Terminating_a_rejected_application_is_not_awaited()
    {
        Given(Submitted(), Reject).When(new Terminated(null), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Withdrawing_a_closed_enquiry_is_not_awaited()
    {
        Given(Enquiry(), new EnquiryClosed(null)).When(new Withdrawn(null), Alice).ThenRejected(RejectionKind.NotAwaited);
    }
}
