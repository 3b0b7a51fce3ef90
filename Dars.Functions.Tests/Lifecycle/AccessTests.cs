using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>LIFECYCLE.md Access stage after the agreement starts: cohort, production, sign-off and release.</summary>
public class AccessTests : LaterStageSpec
{
    // ---- cohort-uploaded ----

    [Fact]
    public void The_applicant_uploads_a_cohort_which_is_then_validated()
    {
        Given(ToAwaitingCohort())
            .When(CohortFile, Alice)
            .Then(CohortFile)
            .ThenActingRole(Role.Applicant)
            .ThenEffects(new ValidateCohort("cohorts/app-1/cohort.csv", "cohort.csv"))
            .ThenState(s =>
            {
                Assert.Equal(State.ValidatingCohort, s.State);
                Assert.Equal(new CohortRecord(CohortStatus.Validating, "cohort.csv", "cohorts/app-1/cohort.csv"), s.Cohort);
            });
    }

    [Theory]
    [InlineData(null, "cohorts/app-1/cohort.csv", "fileName")]
    [InlineData(" ", "cohorts/app-1/cohort.csv", "fileName")]
    [InlineData("cohort.csv", null, "blobName")]
    [InlineData("cohort.csv", "", "blobName")]
    public void A_cohort_upload_needs_its_file_and_blob_names(string? fileName, string? blobName, string field)
    {
        Given(ToAwaitingCohort()).When(new CohortUploaded(fileName, blobName), Alice).ThenRejected(RejectionKind.Invalid, field);
    }

    [Fact]
    public void A_cohort_upload_without_either_name_reports_both()
    {
        Given(ToAwaitingCohort()).When(new CohortUploaded(null, null), Alice).ThenInvalid("blobName", "fileName");
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void Only_the_applicant_uploads_a_cohort(Role role)
    {
        Given(ToAwaitingCohort()).When(CohortFile, new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void A_cohort_upload_is_not_awaited_while_one_is_validated_or_when_no_cohort_is_required()
    {
        Given(ToValidatingCohort()).When(CohortFile, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToProducingData(cohortRequired: false)).When(CohortFile, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToSignatureAndPurchaseOrder()).When(CohortFile, Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- cohort-validated ----

    [Fact]
    public void An_accepted_cohort_goes_to_production()
    {
        var scenario = Given(ToValidatingCohort())
            .When(CohortAccepted, SystemCaller)
            .Then(CohortAccepted)
            .ThenActingRole(Role.System)
            .ThenState(s =>
            {
                Assert.Equal(State.ProducingData, s.State);
                Assert.Equal(new CohortRecord(CohortStatus.Accepted, "cohort.csv", "cohorts/app-1/cohort.csv", 100, 98, 2), s.Cohort);
            });
        Assert.Single(scenario.Accepted.Effects.OfType<ProduceData>());
        Assert.Contains(scenario.Accepted.Effects, e => e is SendNotification { Template: "cohort-accepted", Recipient: "applicant" });
    }

    [Fact]
    public void A_rejected_cohort_goes_back_to_awaiting_a_cohort_with_its_report()
    {
        var scenario = Given(ToValidatingCohort())
            .When(CohortRejected, SystemCaller)
            .Then(CohortRejected)
            .ThenNotifies(("cohort-rejected", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingCohort, s.State);
                Assert.Equal(CohortStatus.Rejected, s.Cohort.Status);
                Assert.Equal("The file has no NHS_NUMBER column.", s.Cohort.Reason);
                Assert.Equal(100, s.Cohort.InvalidRows);
            });
        Assert.DoesNotContain(scenario.Accepted.Effects, e => e is ProduceData);
    }

    [Fact]
    public void After_a_rejected_cohort_a_corrected_one_can_be_uploaded()
    {
        Given([.. ToValidatingCohort(), CohortRejected])
            .When(new CohortUploaded("cohort-v2.csv", "cohorts/app-1/cohort-v2.csv"), Alice)
            .ThenState(s => Assert.Equal(new CohortRecord(CohortStatus.Validating, "cohort-v2.csv", "cohorts/app-1/cohort-v2.csv"), s.Cohort));
    }

    [Theory]
    [InlineData(Role.Applicant)]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void A_person_may_not_raise_cohort_validated(Role role)
    {
        Given(ToValidatingCohort()).When(CohortAccepted, new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Cohort_validated_is_not_awaited_without_an_upload()
    {
        Given(ToAwaitingCohort()).When(CohortAccepted, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToProducingData()).When(CohortAccepted, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- data-produced ----

    [Fact]
    public void Produced_data_awaits_sign_off_with_the_production_counts()
    {
        Given(ToProducingData())
            .When(Produced, SystemCaller)
            .Then(Produced)
            .ThenNotifies(("data-produced", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDataSignOff, s.State);
                AssertJsonEqual(new ProductionRecord(100, 90, 3, 4, 83, "Yes - patient objections upheld", ["hes-apc.csv"]), s.Production);
            });
    }

    [Fact]
    public void Produced_data_without_a_cohort_also_awaits_sign_off()
    {
        var produced = new DataProduced(0, 0, 0, 0, 5000, "No - data flow is not identifiable");
        Given(ToProducingData(cohortRequired: false))
            .When(produced, SystemCaller)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDataSignOff, s.State);
                Assert.Equal(5000, s.Production.ReleasedRows);
                Assert.Equal("No - data flow is not identifiable", s.Production.ObjectionsReason);
            });
    }

    [Fact]
    public void A_person_may_not_raise_data_produced()
    {
        Given(ToProducingData()).When(Produced, Dana).ThenRejected(RejectionKind.Forbidden);
        Given(ToProducingData()).When(Produced, Olivia).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Data_produced_is_not_awaited_outside_production()
    {
        Given(ToDataSignOff()).When(Produced, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToAwaitingCohort()).When(Produced, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- data-signed-off ----

    [Fact]
    public void The_data_producer_approves_and_the_data_is_released_by_the_applications_access_mode()
    {
        Given(ToDataSignOff())
            .When(SignOffApprove, Dana)
            .Then(SignOffApprove)
            .ThenActingRole(Role.DataProducer)
            .ThenEffects(new ReleaseData("secure-file-transfer"))
            .ThenState(s => Assert.Equal(State.ReleasingData, s.State));
    }

    [Fact]
    public void A_secure_data_environment_application_is_released_into_the_environment()
    {
        Given(ToDataSignOff(ValidForm() with { AccessMode = "secure-data-environment" }))
            .When(SignOffApprove, Dana)
            .ThenEffects(new ReleaseData("secure-data-environment"));
    }

    [Fact]
    public void The_data_producer_rejects_and_the_data_is_produced_again()
    {
        Given(ToDataSignOff())
            .When(SignOffReject, Dana)
            .Then(SignOffReject)
            .ThenEffects(new ProduceData())
            .ThenState(s => Assert.Equal(State.ProducingData, s.State));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("accept")]
    [InlineData("Approve")]
    public void An_unknown_or_missing_sign_off_decision_is_invalid(string? decision)
    {
        Given(ToDataSignOff()).When(new DataSignedOff(decision, null), Dana).ThenRejected(RejectionKind.Invalid, "decision");
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Applicant)]
    [InlineData(Role.Approver)]
    [InlineData(Role.Auditor)]
    public void Only_a_data_producer_signs_off(Role role)
    {
        Given(ToDataSignOff()).When(SignOffApprove, new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Sign_off_is_not_awaited_before_production_nor_twice()
    {
        Given(ToProducingData()).When(SignOffApprove, Dana).ThenRejected(RejectionKind.NotAwaited);
        Given(ToReleasingData()).When(SignOffApprove, Dana).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- data-released ----

    [Fact]
    public void Released_data_makes_the_agreement_active()
    {
        Given(ToReleasingData())
            .When(Released, SystemCaller)
            .Then(Released)
            .ThenNotifies(("data-released", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Active, s.State);
                Assert.Equal(Stage.Audit, s.Stage);
                Assert.True(s.EverReleased);
                Assert.Equal("secure-file-transfer", s.Release.Mode);
                Assert.Equal(Now, s.Release.ReleasedAt);
                Assert.True(s.Release.AccessOpen);
            });
    }

    [Fact]
    public void Data_re_released_after_a_suspension_keeps_it_active()
    {
        Given([.. ToSuspended(), By(Audrey, FindingsClosed)])
            .When(Released, SystemCaller)
            .ThenNotifies(("data-re-released", "applicant"))
            .ThenState(s => Assert.Equal(State.Active, s.State));
    }

    [Fact]
    public void A_person_may_not_raise_data_released()
    {
        Given(ToReleasingData()).When(Released, Dana).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Data_released_is_not_awaited_before_sign_off()
    {
        Given(ToDataSignOff()).When(Released, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToProducingData()).When(Released, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }
}
