using Dars.Lifecycle;
using Dars.Lifecycle.Submission;

namespace Dars.Tests.Lifecycle;

public class ResubmissionTests : DeciderSpec
{
    [Fact]
    public void A_resubmission_of_an_application_never_accepted_returns_it_to_initial_review()
    {
        var resubmission = ResubmitTitle("Heart failure readmissions in England");

        Given(Submitted(), ReferBack())
            .When(resubmission, Alice)
            .Then(resubmission)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("application-resubmitted", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingInitialReview, s.State);
                Assert.Equal("Heart failure readmissions in England", s.Title);
                Assert.Equal("Heart failure readmissions in England", s.Form!.Title);
                Assert.Equal(ValidForm().Purpose, s.Form.Purpose);
                Assert.Empty(s.RequiredInformation);
                Assert.False(s.Sla.Started);
            });
    }

    [Fact]
    public void A_resubmission_after_acceptance_returns_it_to_assessment()
    {
        var resubmission = Resubmit(new ApplicationForm { Benefits = "Fewer readmissions across the NHS in England." });

        Given(Submitted(), Accept, ReferBack())
            .When(resubmission, Alice)
            .Then(resubmission)
            .ThenState(s =>
            {
                Assert.Equal(State.UnderAssessment, s.State);
                Assert.Equal("Fewer readmissions across the NHS in England.", s.Form!.Benefits);
                Assert.Equal("Heart failure readmissions", s.Title);
                Assert.Empty(s.RequiredInformation);
            });
    }

    [Fact]
    public void A_resubmission_only_overlays_the_fields_it_sets()
    {
        var changes = new ApplicationForm
        {
            Contact = new ContactDetails("Prof B Lead", "b.lead@example.ac.uk"),
            RequestedTermMonths = 30,
        };

        Given(Submitted(), ReferBack())
            .When(Resubmit(changes), Alice)
            .ThenState(s =>
            {
                AssertJsonEqual(ValidForm() with { Contact = changes.Contact, RequestedTermMonths = 30 }, s.Form);
                Assert.Equal(changes.Contact, s.Contact);
            });
    }

    [Fact]
    public void The_merged_application_is_validated_again()
    {
        Given(Submitted(), ReferBack())
            .When(Resubmit(new ApplicationForm { PurposeCategory = "commercial" }), Alice)   // the 24-month term now exceeds 12
            .ThenRejected(RejectionKind.Invalid, "requestedTermMonths");
    }

    [Fact]
    public void A_resubmission_naming_another_organisation_is_invalid_on_the_ods_code()
    {
        Given(Submitted(), ReferBack())
            .When(Resubmit(new ApplicationForm { Organisation = new OrganisationDetails("Y27", "Elsewhere") }), Alice)
            .ThenRejected(RejectionKind.Invalid, "organisation.odsCode");
    }

    [Fact]
    public void A_resubmission_without_changes_is_invalid()
    {
        Given(Submitted(), ReferBack()).When(Resubmit(new ApplicationForm()), Alice).ThenRejected(RejectionKind.Invalid, "changes");
    }

    [Fact]
    public void A_resubmission_changing_the_external_reference_is_invalid()
    {
        Given(Submitted(), ReferBack())
            .When(Resubmit(new ApplicationForm { Title = "New", ExternalReference = "ref-2" }), Alice)
            .ThenRejected(RejectionKind.Invalid, "externalReference");
    }

    [Fact]
    public void A_resubmission_repeating_the_same_external_reference_is_accepted()
    {
        var resubmission = Resubmit(new ApplicationForm { Title = "New", ExternalReference = Reference });

        Given(Submitted(), ReferBack()).When(resubmission, Alice).Then(resubmission);
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    public void Only_an_applicant_may_resubmit(Role role)
    {
        Given(Submitted(), ReferBack()).When(ResubmitTitle(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void A_resubmission_is_not_awaited_at_initial_review()
    {
        Given(Submitted()).When(ResubmitTitle(), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_resubmission_is_not_awaited_under_assessment()
    {
        Given(Submitted(), Accept).When(ResubmitTitle(), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_resubmission_is_not_awaited_on_an_enquiry()
    {
        Given(Enquiry()).When(ResubmitTitle(), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_second_resubmission_is_not_awaited_once_back_in_initial_review()
    {
        Given(Submitted(), ReferBack(), ResubmitTitle()).When(ResubmitTitle("Again"), Alice).ThenRejected(RejectionKind.NotAwaited);
    }
}
