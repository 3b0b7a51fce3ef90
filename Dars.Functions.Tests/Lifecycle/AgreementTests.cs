using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// LIFECYCLE.md <c>AwaitingProviderSignature</c> and <c>AwaitingSignatureAndPurchaseOrder</c>: the provider's
/// signature, then the applicant's purchase order and signature in either order, which start the agreement.
/// </summary>
public class AgreementTests : LaterStageSpec
{
    /// <summary>The default form asks to start in 14 days (Monday 7 December 2026) for 24 months.</summary>
    private static readonly DateOnly RequestedStart = new(2026, 12, 7);

    // ---- agreement-signed-by-provider ----

    [Fact]
    public void The_case_officer_signs_for_the_provider_and_the_applicant_side_is_awaited()
    {
        Given(ToProviderSignature())
            .When(ProviderSigned, Olivia)
            .Then(ProviderSigned)
            .ThenActingRole(Role.CaseOfficer)
            .ThenNotifies(("agreement-ready-to-sign", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingSignatureAndPurchaseOrder, s.State);
                Assert.Equal(Stage.Access, s.Stage);
                Assert.Equal("Olivia Officer", s.Agreement.ProviderSignatory);
                Assert.Equal(Now, s.Agreement.ProviderSignedAt);
            });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void The_provider_signature_needs_a_signatory_name(string? name)
    {
        Given(ToProviderSignature()).When(new AgreementSignedByProvider(name), Olivia).ThenRejected(RejectionKind.Invalid, "signatoryName");
    }

    [Theory]
    [InlineData(Role.Applicant)]
    [InlineData(Role.Approver)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void Only_a_case_officer_signs_for_the_provider(Role role)
    {
        Given(ToProviderSignature()).When(ProviderSigned, new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void The_provider_signature_is_not_awaited_before_approval_nor_twice()
    {
        Given(ToApproval()).When(ProviderSigned, Olivia).ThenRejected(RejectionKind.NotAwaited);
        Given(ToSignatureAndPurchaseOrder()).When(ProviderSigned, Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- the applicant's side, in either order ----

    [Fact]
    public void The_purchase_order_first_is_recorded_and_the_signature_still_awaited()
    {
        Given(ToSignatureAndPurchaseOrder())
            .When(Po, Alice)
            .Then(Po)
            .ThenActingRole(Role.Applicant)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingSignatureAndPurchaseOrder, s.State);
                Assert.Equal("PO-2026/0042", s.Agreement.PoNumber);
                Assert.Null(s.Agreement.ApplicantSignedAt);
                Assert.Null(s.Agreement.StartDate);
            });
        Assert.DoesNotContain(Given(ToSignatureAndPurchaseOrder()).When(Po, Alice).Accepted.Effects, e => e is ScheduleTimer or ProduceData);
    }

    [Fact]
    public void The_signature_first_is_recorded_and_the_purchase_order_still_awaited()
    {
        Given(ToSignatureAndPurchaseOrder())
            .When(ApplicantSigned, Alice)
            .Then(ApplicantSigned)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingSignatureAndPurchaseOrder, s.State);
                Assert.Equal("Dr A Researcher", s.Agreement.ApplicantSignatory);
                Assert.Equal("Principal investigator", s.Agreement.ApplicantSignatoryRole);
                Assert.Equal(Now, s.Agreement.ApplicantSignedAt);
                Assert.Null(s.Agreement.PoNumber);
                Assert.Null(s.Agreement.StartDate);
            });
    }

    [Fact]
    public void The_signature_after_the_purchase_order_starts_the_agreement_on_the_requested_start_and_awaits_the_cohort()
    {
        var started = new AgreementStarted(RequestedStart, new DateOnly(2028, 12, 7));

        Given([.. ToSignatureAndPurchaseOrder(), Po])
            .When(ApplicantSigned, Alice)
            .Then(ApplicantSigned, started)
            .ThenActingRole(Role.Applicant)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingCohort, s.State);
                Assert.Equal(Stage.Access, s.Stage);
                Assert.Equal(RequestedStart, s.Agreement.StartDate);
                Assert.Equal(new DateOnly(2028, 12, 7), s.Agreement.ExpiryDate);
                Assert.True(s.Agreement.ApplicantSideComplete);
            });
        var effects = Given([.. ToSignatureAndPurchaseOrder(), Po]).When(ApplicantSigned, Alice).Accepted.Effects;
        Assert.Contains(effects, e => e is SendNotification { Template: "agreement-started", Recipient: "applicant" });
        Assert.DoesNotContain(effects, e => e is ProduceData);
    }

    [Fact]
    public void The_purchase_order_after_the_signature_starts_the_agreement_too()
    {
        Given([.. ToSignatureAndPurchaseOrder(), ApplicantSigned])
            .When(Po, Alice)
            .Then(Po, new AgreementStarted(RequestedStart, new DateOnly(2028, 12, 7)))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingCohort, s.State);
                Assert.Equal("PO-2026/0042", s.Agreement.PoNumber);
            });
    }

    [Fact]
    public void Without_a_cohort_the_agreement_start_goes_straight_to_producing_data()
    {
        var form = ValidForm() with { CohortRequired = false };

        var scenario = Given([.. ToSignatureAndPurchaseOrder(form), Po])
            .When(ApplicantSigned, Alice)
            .Then(ApplicantSigned, new AgreementStarted(RequestedStart, new DateOnly(2028, 12, 7)))
            .ThenState(s => Assert.Equal(State.ProducingData, s.State));
        Assert.Single(scenario.Accepted.Effects.OfType<ProduceData>());
    }

    [Fact]
    public void A_requested_start_in_the_past_starts_the_agreement_today()
    {
        var form = ValidForm() with { RequestedStartDate = Today.AddDays(-3) };

        Given([.. ToSignatureAndPurchaseOrder(form), Po])
            .When(ApplicantSigned, Alice)
            .Then(ApplicantSigned, new AgreementStarted(Today, new DateOnly(2028, 11, 23)));
    }

    [Fact]
    public void The_expiry_follows_the_approved_term_when_shorter_than_requested()
    {
        Given([.. ToSignatureAndPurchaseOrder(approvedTermMonths: 6), Po])
            .When(ApplicantSigned, Alice)
            .Then(ApplicantSigned, new AgreementStarted(RequestedStart, new DateOnly(2027, 6, 7)));
    }

    [Fact]
    public void Starting_the_agreement_sets_the_three_expiry_reminders_and_the_expiry_timer()
    {
        var scenario = Given([.. ToSignatureAndPurchaseOrder(), Po]).When(ApplicantSigned, Alice);

        // Expiry Thursday 7 December 2028: reminders 90, 30 and 7 days before, at UK midnight (8 September is in BST).
        Assert.Equal(
            [
                Timer("expiry-reminder", UkMidnight(2028, 9, 8, summer: true)),
                Timer("expiry-reminder", UkMidnight(2028, 11, 7, summer: false)),
                Timer("expiry-reminder", UkMidnight(2028, 11, 30, summer: false)),
                Timer("agreement-expired", UkMidnight(2028, 12, 7, summer: false)),
            ],
            Timers(scenario).OrderBy(t => t.DueAt));
    }

    [Fact]
    public void A_one_month_term_starting_today_sets_only_the_reminders_still_ahead()
    {
        var form = ValidForm() with { RequestedStartDate = Today.AddDays(-3) };
        var scenario = Given([.. ToSignatureAndPurchaseOrder(form, approvedTermMonths: 1), ApplicantSigned]).When(Po, Alice);

        // Expiry 23 December 2026: 90 days before is past, 30 days before is today's midnight (already past at 10:00).
        scenario.Then(Po, new AgreementStarted(Today, new DateOnly(2026, 12, 23)));
        Assert.Equal(
            [Timer("expiry-reminder", UkMidnight(2026, 12, 16, summer: false)), Timer("agreement-expired", UkMidnight(2026, 12, 23, summer: false))],
            Timers(scenario).OrderBy(t => t.DueAt));
    }

    // ---- purchase-order body ----

    [Theory]
    [InlineData("A")]
    [InlineData("7")]
    [InlineData("PO-2026/0042")]
    [InlineData("abc-DEF/123")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ-/0123456")] // 35
    public void A_purchase_order_of_1_to_35_letters_digits_dashes_or_slashes_is_accepted(string poNumber)
    {
        Given(ToSignatureAndPurchaseOrder())
            .When(new PurchaseOrder(poNumber), Alice)
            .ThenState(s => Assert.Equal(poNumber, s.Agreement.PoNumber));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ-/01234567")] // 36
    [InlineData("PO 2026")]
    [InlineData(" PO2026")]
    [InlineData("PO2026 ")]
    [InlineData("PO_2026")]
    [InlineData("PO.2026")]
    [InlineData("PO#2026")]
    public void Any_other_purchase_order_is_invalid_on_poNumber(string? poNumber)
    {
        Given(ToSignatureAndPurchaseOrder()).When(new PurchaseOrder(poNumber), Alice).ThenRejected(RejectionKind.Invalid, "poNumber");
    }

    [Fact]
    public void Thirty_five_characters_is_the_longest_purchase_order()
    {
        Given(ToSignatureAndPurchaseOrder()).When(new PurchaseOrder(new string('7', 35)), Alice).Then(new PurchaseOrder(new string('7', 35)));
        Given(ToSignatureAndPurchaseOrder()).When(new PurchaseOrder(new string('7', 36)), Alice).ThenRejected(RejectionKind.Invalid, "poNumber");
    }

    // ---- agreement-signed-by-applicant body ----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void The_applicant_signature_needs_a_signatory_role(string? role)
    {
        Given(ToSignatureAndPurchaseOrder())
            .When(new AgreementSignedByApplicant("Dr A Researcher", role), Alice)
            .ThenRejected(RejectionKind.Invalid, "signatoryRole");
    }

    [Fact]
    public void The_applicant_signature_needs_a_signatory_name()
    {
        Given(ToSignatureAndPurchaseOrder())
            .When(new AgreementSignedByApplicant(null, "Principal investigator"), Alice)
            .ThenRejected(RejectionKind.Invalid, "signatoryName");
        Given(ToSignatureAndPurchaseOrder())
            .When(new AgreementSignedByApplicant(null, null), Alice)
            .ThenInvalid("signatoryName", "signatoryRole");
    }

    // ---- twice, too early, wrong role ----

    [Fact]
    public void Giving_the_purchase_order_twice_is_not_awaited()
    {
        Given([.. ToSignatureAndPurchaseOrder(), Po]).When(new PurchaseOrder("PO-2"), Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Signing_twice_is_not_awaited()
    {
        Given([.. ToSignatureAndPurchaseOrder(), ApplicantSigned]).When(ApplicantSigned, Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Neither_is_awaited_before_the_provider_signs_nor_after_the_agreement_started()
    {
        Given(ToProviderSignature()).When(Po, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToProviderSignature()).When(ApplicantSigned, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToAwaitingCohort()).When(Po, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToAwaitingCohort()).When(ApplicantSigned, Alice).ThenRejected(RejectionKind.NotAwaited);
    }

    [Theory]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    [InlineData(Role.DataProducer)]
    [InlineData(Role.Auditor)]
    public void Only_the_applicant_gives_the_purchase_order_and_signs_for_the_applicant(Role role)
    {
        var caller = new Caller("someone", role, Org);
        Given(ToSignatureAndPurchaseOrder()).When(Po, caller).ThenRejected(RejectionKind.Forbidden);
        Given(ToSignatureAndPurchaseOrder()).When(ApplicantSigned, caller).ThenRejected(RejectionKind.Forbidden);
    }
}
