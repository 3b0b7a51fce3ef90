using Dars.Lifecycle;
using Dars.Lifecycle.Submission;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Lifecycle;

/// <summary>LIFECYCLE.md "Submission is rejected (422, field errors, nothing stored) when": one test per rule.</summary>
public class SubmissionValidationTests : DeciderSpec
{
    private static Scenario Submitting(ApplicationForm form) => Given().When(Submission(form), Alice);

    [Fact]
    public void A_valid_application_opens_awaiting_initial_review()
    {
        var submitted = Submitted("research-ethics");

        Given()
            .When(submitted, Alice)
            .Then(submitted)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("application-received", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingInitialReview, s.State);
                Assert.Equal(Stage.Application, s.Stage);
                Assert.Equal(Now, s.CreatedAt);
                Assert.Equal(Now, s.LastUpdatedAt);
                Assert.Equal(1, s.Version);
                Assert.Equal(Reference, s.ExternalReference);
                Assert.False(s.EverAccepted);
                Assert.False(s.Sla.Started);
                Assert.Empty(s.ExternalApprovals);
                AssertJsonEqual(submitted.Application, s.Form);
            });
    }

    public static TheoryData<string> RequiredFields =>
    [
        "organisation", "organisation.odsCode", "organisation.name",
        "contact", "contact.name", "contact.email",
        "title", "purpose", "benefits", "purposeCategory",
        "datasets", "datasets[0].id", "datasets[0].fields",
        "legalBasis", "legalBasis.article6", "legalBasis.commonLawDuty",
        "security", "security.dsptStatus",
        "processingLocations", "accessMode", "cohortRequired", "objectionExemption",
        "requestedStartDate", "requestedTermMonths", "externalReference",
    ];

    /// <summary>The valid form with exactly one required field left out.</summary>
    private static ApplicationForm Without(string field)
    {
        var f = ValidForm();
        return field switch
        {
            "organisation" => f with { Organisation = null },
            "organisation.odsCode" => f with { Organisation = f.Organisation! with { OdsCode = null } },
            "organisation.name" => f with { Organisation = f.Organisation! with { Name = "" } },
            "contact" => f with { Contact = null },
            "contact.name" => f with { Contact = f.Contact! with { Name = null } },
            "contact.email" => f with { Contact = f.Contact! with { Email = " " } },
            "title" => f with { Title = null },
            "purpose" => f with { Purpose = "" },
            "benefits" => f with { Benefits = null },
            "purposeCategory" => f with { PurposeCategory = null },
            "datasets" => f with { Datasets = null },
            "datasets[0].id" => f with { Datasets = [new DatasetRequest(null, ["ADMIDATE"])] },
            "datasets[0].fields" => f with { Datasets = [new DatasetRequest("hes-apc", [])] },
            "legalBasis" => f with { LegalBasis = null },
            "legalBasis.article6" => f with { LegalBasis = f.LegalBasis! with { Article6 = null, Article9 = null } },
            "legalBasis.commonLawDuty" => f with { LegalBasis = f.LegalBasis! with { CommonLawDuty = null } },
            "security" => f with { Security = null },
            "security.dsptStatus" => f with { Security = f.Security! with { DsptStatus = null } },
            "processingLocations" => f with { ProcessingLocations = [] },
            "accessMode" => f with { AccessMode = null },
            "cohortRequired" => f with { CohortRequired = null },
            "objectionExemption" => f with { ObjectionExemption = null },
            "requestedStartDate" => f with { RequestedStartDate = null },
            "requestedTermMonths" => f with { RequestedTermMonths = null },
            "externalReference" => f with { ExternalReference = "" },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void An_application_missing_a_required_field_is_invalid_on_exactly_that_field(string field)
    {
        Submitting(Without(field)).ThenRejected(RejectionKind.Invalid, field);
    }

    [Theory]
    [InlineData("purposeCategory")]
    [InlineData("legalBasis.commonLawDuty")]
    [InlineData("security.dsptStatus")]
    [InlineData("accessMode")]
    [InlineData("objectionExemption")]
    [InlineData("externalApprovals[0]")]
    public void A_value_outside_the_allowed_list_is_invalid_on_that_field(string field)
    {
        var f = ValidForm();
        var form = field switch
        {
            "purposeCategory" => f with { PurposeCategory = "marketing" },
            "legalBasis.commonLawDuty" => f with { LegalBasis = f.LegalBasis! with { CommonLawDuty = "implied" } },
            "security.dsptStatus" => f with { Security = f.Security! with { DsptStatus = "not-met" } },
            "accessMode" => f with { AccessMode = "email" },
            "objectionExemption" => f with { ObjectionExemption = "all" },
            "externalApprovals[0]" => f with { ExternalApprovals = ["gmc-approval"] },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Submitting(form).ThenRejected(RejectionKind.Invalid, field);
    }

    [Theory]
    [InlineData("commercial", 12)]
    [InlineData("archiving", 60)]
    [InlineData("academic-research", 36)]
    [InlineData("other", 36)]
    public void A_term_of_the_category_maximum_is_valid(string category, int months)
    {
        var submitted = Submission(ValidForm() with { PurposeCategory = category, RequestedTermMonths = months });

        Given().When(submitted, Alice).Then(submitted);
    }

    [Theory]
    [InlineData("commercial", 13)]
    [InlineData("archiving", 61)]
    [InlineData("academic-research", 37)]
    [InlineData("other", 37)]
    public void A_term_over_the_category_maximum_is_invalid_on_requestedTermMonths(string category, int months)
    {
        Submitting(ValidForm() with { PurposeCategory = category, RequestedTermMonths = months })
            .ThenRejected(RejectionKind.Invalid, "requestedTermMonths");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void A_term_of_less_than_one_month_is_invalid_on_requestedTermMonths(int months)
    {
        Submitting(ValidForm() with { RequestedTermMonths = months }).ThenRejected(RejectionKind.Invalid, "requestedTermMonths");
    }

    [Theory]
    [InlineData(0, 0)]      // today
    [InlineData(0, 1)]      // tomorrow
    [InlineData(12, 0)]     // exactly 12 months ahead
    public void A_start_date_from_today_to_twelve_months_ahead_is_valid(int months, int days)
    {
        var submitted = Submission(ValidForm() with { RequestedStartDate = Today.AddMonths(months).AddDays(days) });

        Given().When(submitted, Alice).Then(submitted);
    }

    [Theory]
    [InlineData(0, -1)]     // yesterday
    [InlineData(12, 1)]     // a day more than 12 months ahead
    public void A_start_date_in_the_past_or_more_than_twelve_months_ahead_is_invalid(int months, int days)
    {
        Submitting(ValidForm() with { RequestedStartDate = Today.AddMonths(months).AddDays(days) })
            .ThenRejected(RejectionKind.Invalid, "requestedStartDate");
    }

    [Fact]
    public void Today_is_the_UK_date_so_just_before_midnight_UTC_in_summer_it_is_already_the_next_day()
    {
        // 23:30 UTC on 1 July 2026 is 00:30 on 2 July in London (BST).
        var now = new DateTimeOffset(2026, 7, 1, 23, 30, 0, TimeSpan.Zero);
        var context = new DecisionContext(now, Forms.Catalogue, new LifecycleOptions());
        var form = ValidForm() with { RequestedStartDate = new DateOnly(2026, 7, 1) };

        var decision = Decider.Decide(new Command(Submission(form), Alice), new Application(), context);

        var rejected = Assert.IsType<Rejected>(decision);
        Assert.Equal(RejectionKind.Invalid, rejected.Kind);
        Assert.Equal(["requestedStartDate"], rejected.Errors!.Keys);
    }

    [Fact]
    public void Article_9_without_article_6_is_invalid_on_article6()
    {
        var form = ValidForm() with { LegalBasis = new LegalBasis(null, "9(2)(j)", "section-251", "CAG 19/CAG/0001") };

        var rejected = Submitting(form).ThenRejected(RejectionKind.Invalid, "legalBasis.article6").Rejected;
        Assert.Contains("article 9", rejected.Errors!["legalBasis.article6"][0]);
    }

    [Fact]
    public void Article_6_without_article_9_is_valid()
    {
        var submitted = Submission(ValidForm() with { LegalBasis = new LegalBasis("6(1)(e)", null, "section-251", "CAG 19/CAG/0001") });

        Given().When(submitted, Alice).Then(submitted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Section_251_without_a_reference_is_invalid_on_section251Reference(string? reference)
    {
        var form = ValidForm() with { LegalBasis = new LegalBasis("6(1)(e)", "9(2)(j)", "section-251", reference) };

        Submitting(form).ThenRejected(RejectionKind.Invalid, "legalBasis.section251Reference");
    }

    [Fact]
    public void Consent_needs_no_section_251_reference()
    {
        var submitted = Submission(ValidForm() with { LegalBasis = new LegalBasis("6(1)(a)", "9(2)(a)", "consent", null) });

        Given().When(submitted, Alice).Then(submitted);
    }

    [Fact]
    public void Not_met_with_plan_without_an_improvement_plan_is_invalid_on_improvementPlan()
    {
        var form = ValidForm() with { Security = new SecurityAssurance("not-met-with-plan", null, null) };

        Submitting(form).ThenRejected(RejectionKind.Invalid, "security.improvementPlan");
    }

    [Fact]
    public void Not_met_with_plan_with_an_improvement_plan_is_valid()
    {
        var submitted = Submission(ValidForm() with { Security = new SecurityAssurance("not-met-with-plan", "Cyber Essentials by March", null) });

        Given().When(submitted, Alice).Then(submitted);
    }

    [Fact]
    public void An_unknown_dataset_is_invalid_on_its_id()
    {
        var form = ValidForm() with { Datasets = [new DatasetRequest("hes-apc", ["ADMIDATE"]), new DatasetRequest("gp-records", ["NHS_NUMBER"])] };

        Submitting(form).ThenRejected(RejectionKind.Invalid, "datasets[1].id");
    }

    [Fact]
    public void An_unknown_field_of_a_known_dataset_is_invalid_on_that_field()
    {
        var form = ValidForm() with { Datasets = [new DatasetRequest("hes-apc", ["ADMIDATE", "SHOE_SIZE", "SEX"])] };

        Submitting(form).ThenRejected(RejectionKind.Invalid, "datasets[0].fields[1]");
    }

    [Fact]
    public void A_field_of_another_dataset_is_unknown()
    {
        var form = ValidForm() with { Datasets = [new DatasetRequest("civil-registration-deaths", ["ADMIDATE"])] };

        Submitting(form).ThenRejected(RejectionKind.Invalid, "datasets[0].fields[0]");
    }

    /// <summary>A catalogue offering every identifying field of LIFECYCLE.md and two that are not.</summary>
    private static readonly DatasetCatalogue Demographics = new([
        new DatasetDefinition("demographics", ["NHS_NUMBER", "DATE_OF_BIRTH", "POSTCODE", "FAMILY_NAME", "GIVEN_NAME", "SEX", "REGION"]),
    ]);

    private static ApplicationForm Requesting(string exemption, params string[] fields) =>
        ValidForm() with { ObjectionExemption = exemption, Datasets = [new DatasetRequest("demographics", fields)] };

    [Theory]
    [InlineData("NHS_NUMBER")]
    [InlineData("DATE_OF_BIRTH")]
    [InlineData("POSTCODE")]
    [InlineData("FAMILY_NAME")]
    [InlineData("GIVEN_NAME")]
    public void Not_identifiable_with_an_identifying_field_is_invalid_on_that_field(string field)
    {
        Given()
            .WithCatalogue(Demographics)
            .When(Submission(Requesting("not-identifiable", "SEX", field)), Alice)
            .ThenRejected(RejectionKind.Invalid, "datasets[0].fields[1]");
    }

    [Theory]
    [InlineData("none")]
    [InlineData("consent")]
    public void Identifying_fields_are_valid_without_the_not_identifiable_exemption(string exemption)
    {
        var submitted = Submission(Requesting(exemption, "NHS_NUMBER", "DATE_OF_BIRTH", "POSTCODE", "FAMILY_NAME", "GIVEN_NAME"));

        Given().WithCatalogue(Demographics).When(submitted, Alice).Then(submitted);
    }

    [Fact]
    public void Not_identifiable_without_identifying_fields_is_valid()
    {
        var submitted = Submission(Requesting("not-identifiable", "SEX", "REGION"));

        Given().WithCatalogue(Demographics).When(submitted, Alice).Then(submitted);
    }

    [Fact]
    public void Every_identifying_field_is_reported_under_not_identifiable()
    {
        Given()
            .WithCatalogue(Demographics)
            .When(Submission(Requesting("not-identifiable", "NHS_NUMBER", "SEX", "POSTCODE")), Alice)
            .ThenInvalid("datasets[0].fields[0]", "datasets[0].fields[2]");
    }

    [Fact]
    public void An_application_for_an_organisation_other_than_the_callers_is_invalid_on_the_ods_code()
    {
        Submitting(Forms.Valid(Today, "Y27", Reference)).ThenRejected(RejectionKind.Invalid, "organisation.odsCode");
    }

    [Fact]
    public void An_applicant_without_an_organisation_in_the_token_may_not_apply_for_any()
    {
        Given().When(Submitted(), new Caller("nobody", Role.Applicant)).ThenRejected(RejectionKind.Invalid, "organisation.odsCode");
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    [InlineData(Role.Auditor)]
    public void Only_an_applicant_may_submit_an_application(Role role)
    {
        Given().When(Submitted(), new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Several_errors_are_reported_together()
    {
        var form = ValidForm() with
        {
            Organisation = new OrganisationDetails("Y27", "Elsewhere"),
            Title = null,
            PurposeCategory = "commercial",
            RequestedTermMonths = 24,
            Datasets = [new DatasetRequest("gp-records", ["NHS_NUMBER"])],
            LegalBasis = new LegalBasis(null, "9(2)(j)", "section-251", null),
            Security = new SecurityAssurance("not-met-with-plan", null, null),
            RequestedStartDate = Today.AddDays(-1),
        };

        Submitting(form).ThenInvalid(
            "organisation.odsCode", "title", "requestedTermMonths", "datasets[0].id", "legalBasis.article6",
            "legalBasis.section251Reference", "security.improvementPlan", "requestedStartDate");
    }

    [Fact]
    public void A_second_application_on_an_existing_application_is_not_awaited()
    {
        Given(Submitted()).When(Submitted(), Alice).ThenRejected(RejectionKind.NotAwaited);
    }
}
