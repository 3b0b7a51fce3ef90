using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Lifecycle;

public class EnquiryTests : DeciderSpec
{
    [Fact]
    public void An_applicant_submits_a_valid_enquiry_and_it_opens_in_Enquiry()
    {
        var enquiry = Enquiry();

        Given()
            .When(enquiry, Alice)
            .Then(enquiry)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("enquiry-received", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Enquiry, s.State);
                Assert.Equal(Stage.Enquiry, s.Stage);
                Assert.Equal("app-1", s.Id);
                Assert.Equal(new OrganisationDetails(Org, "Example University"), s.Organisation);
                Assert.Equal("Can we study heart failure readmissions?", s.Title);
                Assert.Equal("Which datasets would we need for 30-day readmissions?", s.Question);
                Assert.Equal(Now, s.CreatedAt);
                Assert.Equal(1, s.Version);
                Assert.Null(s.Form);
            });
    }

    public static TheoryData<string> EnquiryFields =>
        ["organisation", "organisation.odsCode", "organisation.name", "contact", "contact.name", "contact.email", "title", "question"];

    [Theory]
    [MemberData(nameof(EnquiryFields))]
    public void An_enquiry_missing_a_required_field_is_invalid_on_that_field(string field)
    {
        var valid = Enquiry();
        var enquiry = field switch
        {
            "organisation" => valid with { Organisation = null },
            "organisation.odsCode" => valid with { Organisation = valid.Organisation! with { OdsCode = null } },
            "organisation.name" => valid with { Organisation = valid.Organisation! with { Name = " " } },
            "contact" => valid with { Contact = null },
            "contact.name" => valid with { Contact = valid.Contact! with { Name = null } },
            "contact.email" => valid with { Contact = valid.Contact! with { Email = "" } },
            "title" => valid with { Title = null },
            "question" => valid with { Question = "   " },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Given().When(enquiry, Alice).ThenRejected(RejectionKind.Invalid, field);
    }

    [Fact]
    public void An_enquiry_for_an_organisation_other_than_the_callers_is_invalid_on_the_ods_code()
    {
        Given().When(Enquiry(org: "Y27"), Alice).ThenRejected(RejectionKind.Invalid, "organisation.odsCode");
    }

    [Fact]
    public void The_ods_code_of_an_enquiry_is_compared_without_regard_to_case()
    {
        var enquiry = Enquiry(org: "x26");
        Given().When(enquiry, Alice).Then(enquiry);
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void Only_an_applicant_may_submit_an_enquiry(Role role)
    {
        Given().When(Enquiry(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void A_second_enquiry_submitted_on_an_existing_enquiry_is_not_awaited()
    {
        Given(Enquiry()).When(Enquiry(), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_case_officer_responds_to_an_enquiry_and_it_stays_an_enquiry()
    {
        var response = new EnquiryResponse("You will need HES APC and a section 251 approval.");

        Given(Enquiry())
            .When(response, Olivia)
            .Then(response)
            .ThenActingRole(Role.CaseOfficer)
            .ThenNotifies(("enquiry-response", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Enquiry, s.State);
                Assert.Null(s.Outcome);
                Assert.Equal(2, s.Version);
            });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_enquiry_response_without_advice_is_invalid(string? advice)
    {
        Given(Enquiry()).When(new EnquiryResponse(advice), Olivia).ThenRejected(RejectionKind.Invalid, "advice");
    }

    [Fact]
    public void An_applicant_may_not_respond_to_an_enquiry()
    {
        Given(Enquiry()).When(new EnquiryResponse("Self-advice"), Alice).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void An_enquiry_response_is_not_awaited_once_the_enquiry_became_an_application()
    {
        Given(Enquiry(), Submitted()).When(new EnquiryResponse("Late advice"), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void The_applicant_closes_the_enquiry_and_it_is_closed_as_EnquiryClosed()
    {
        var closed = new EnquiryClosed("Answered, thanks.");

        Given(Enquiry())
            .When(closed, Alice)
            .Then(closed)
            .ThenActingRole(Role.Applicant)
            .ThenEffects()
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Stage.Closed, s.Stage);
                Assert.Equal(Outcome.EnquiryClosed, s.Outcome);
            });
    }

    [Fact]
    public void A_case_officer_closes_the_enquiry_and_it_is_closed_as_EnquiryClosed()
    {
        var closed = new EnquiryClosed(null);

        Given(Enquiry(), new EnquiryResponse("Advice given."))
            .When(closed, Olivia)
            .Then(closed)
            .ThenActingRole(Role.CaseOfficer)
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.EnquiryClosed, s.Outcome);
            });
    }

    [Fact]
    public void An_approver_may_not_close_an_enquiry()
    {
        Given(Enquiry()).When(new EnquiryClosed(null), Arthur).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Closing_an_enquiry_is_not_awaited_once_it_is_an_application()
    {
        Given(Enquiry(), Submitted()).When(new EnquiryClosed(null), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void An_application_submitted_from_an_enquiry_awaits_initial_review_under_the_same_id_and_organisation()
    {
        var submitted = Submitted();

        Given(Enquiry())
            .When(submitted, Alice)
            .Then(submitted)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("application-received", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal("app-1", s.Id);
                Assert.Equal(State.AwaitingInitialReview, s.State);
                Assert.Equal(Stage.Application, s.Stage);
                Assert.Equal(Org, s.Organisation!.OdsCode);
                Assert.Equal(At(0), s.CreatedAt);
                Assert.Equal(Reference, s.ExternalReference);
                Assert.Equal("Heart failure readmissions", s.Title);
                Assert.Equal("Which datasets would we need for 30-day readmissions?", s.Question);
                Assert.Equal(2, s.Version);
            });
    }

    [Fact]
    public void An_applicant_of_another_organisation_may_not_apply_from_an_enquiry_it_does_not_own()
    {
        // Yusuf of Y27 applies for his own organisation, but on X26's enquiry: he is not its applicant.
        var form = Forms.Valid(Today, "Y27", Reference);

        Given(Enquiry()).When(Submission(form), Yusuf).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void An_application_from_an_enquiry_naming_an_organisation_other_than_the_callers_is_invalid_on_the_ods_code()
    {
        var form = Forms.Valid(Today, "Y27", Reference);

        Given(Enquiry()).When(Submission(form), Alice).ThenRejected(RejectionKind.Invalid, "organisation.odsCode");
    }

    [Fact]
    public void An_invalid_application_from_an_enquiry_is_rejected_on_the_failing_field()
    {
        var form = ValidForm() with { Purpose = null };

        Given(Enquiry()).When(Submission(form), Alice).ThenRejected(RejectionKind.Invalid, "purpose");
    }

    [Fact]
    public void A_case_officer_may_not_submit_the_application_for_an_enquiry()
    {
        Given(Enquiry()).When(Submitted(), Olivia).ThenRejected(RejectionKind.Forbidden);
    }
}
