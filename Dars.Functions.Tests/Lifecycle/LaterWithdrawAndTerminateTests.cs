using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// LIFECYCLE.md "Anywhere before Closed": withdraw and terminate from Approval onwards. Closed if no data was
/// ever released, otherwise access is revoked and the certificate of destruction is awaited.
/// </summary>
public class LaterWithdrawAndTerminateTests : LaterStageSpec
{
    private static Step[] In(string situation) => situation switch
    {
        "AwaitingApproval" => ToApproval(),
        "AwaitingProviderSignature" => ToProviderSignature(),
        "AwaitingSignatureAndPurchaseOrder" => ToSignatureAndPurchaseOrder(),
        "AwaitingSignatureAndPurchaseOrder after the purchase order" => [.. ToSignatureAndPurchaseOrder(), Po],
        "AwaitingCohort" => ToAwaitingCohort(),
        "ValidatingCohort" => ToValidatingCohort(),
        "ProducingData" => ToProducingData(),
        "AwaitingDataSignOff" => ToDataSignOff(),
        "ReleasingData" => ToReleasingData(),
        "Active" => ToActive(),
        "UnderRenewal" => ToUnderRenewal(),
        "Suspended" => ToSuspended(),
        "AwaitingDestructionCertificate" => ToAwaitingDestruction(Today.AddDays(10)),
        _ => throw new ArgumentOutOfRangeException(nameof(situation)),
    };

    public static TheoryData<string> BeforeRelease =>
    [
        "AwaitingApproval", "AwaitingProviderSignature", "AwaitingSignatureAndPurchaseOrder",
        "AwaitingSignatureAndPurchaseOrder after the purchase order", "AwaitingCohort", "ValidatingCohort", "ProducingData",
        "AwaitingDataSignOff", "ReleasingData",
    ];

    public static TheoryData<string> AfterRelease => ["Active", "UnderRenewal", "Suspended"];

    /// <summary>Due 30 days after today (Wednesday 23 December 2026), with its reminders and overdue timer.</summary>
    private static readonly DestructionCertificateDue DueIn30Days = new(new DateOnly(2026, 12, 23));

    private static readonly ScheduleTimer[] DestructionTimers =
    [
        Timer("destruction-reminder", UkMidnight(2026, 12, 16, summer: false)),
        Timer("destruction-reminder", UkMidnight(2026, 12, 23, summer: false)),
        Timer("destruction-overdue", UkMidnight(2026, 12, 24, summer: false)),
    ];

    [Theory]
    [MemberData(nameof(BeforeRelease))]
    public void Withdrawn_before_any_release_it_is_closed_and_only_produced_extracts_are_deleted(string situation)
    {
        var withdrawn = new Withdrawn("No longer needed.");
        var produced = ProducedIn(situation);

        Given(In(situation))
            .When(withdrawn, Alice)
            .Then(withdrawn)
            .ThenNotifies([.. produced ? new[] { ("revoke-access", "?") } : [], ("application-withdrawn", "case-officers")])
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Withdrawn, s.Outcome);
                Assert.False(s.EverReleased);
            });
    }

    /// <summary>Extracts exist once data was produced, before any release; ending access deletes them too.</summary>
    private static bool ProducedIn(string situation) => situation is "AwaitingDataSignOff" or "ReleasingData";

    [Theory]
    [MemberData(nameof(BeforeRelease))]
    public void Terminated_before_any_release_it_is_closed_and_only_produced_extracts_are_deleted(string situation)
    {
        var terminated = new Terminated("Funding withdrawn.");

        Given(In(situation))
            .When(terminated, Olivia)
            .Then(terminated)
            .ThenNotifies([.. ProducedIn(situation) ? new[] { ("revoke-access", "?") } : [], ("application-terminated", "applicant")])
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Terminated, s.Outcome);
            });
    }

    [Theory]
    [MemberData(nameof(AfterRelease))]
    public void Withdrawn_after_release_access_is_revoked_and_the_certificate_awaited(string situation)
    {
        var withdrawn = new Withdrawn("Study finished early.");

        var scenario = Given(In(situation))
            .When(withdrawn, Alice)
            .Then(withdrawn, DueIn30Days)
            .ThenActingRole(Role.Applicant)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDestructionCertificate, s.State);
                Assert.Equal(Stage.Deletion, s.Stage);
                Assert.Null(s.Outcome);
                Assert.Equal(new DateOnly(2026, 12, 23), s.Destruction.DueDate);
            });
        Assert.Equal([new RevokeAccess("withdrawn")], scenario.Accepted.Effects.OfType<RevokeAccess>());
        Assert.Contains(scenario.Accepted.Effects, e => e is SendNotification { Template: "application-withdrawn", Recipient: "case-officers" });
        Assert.Equal(DestructionTimers, Timers(scenario).OrderBy(t => t.DueAt));
    }

    [Theory]
    [MemberData(nameof(AfterRelease))]
    public void Terminated_after_release_access_is_revoked_and_the_certificate_awaited(string situation)
    {
        var terminated = new Terminated("Breach of the agreement.");

        var scenario = Given(In(situation))
            .When(terminated, Olivia)
            .Then(terminated, DueIn30Days)
            .ThenActingRole(Role.CaseOfficer)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDestructionCertificate, s.State);
                Assert.Null(s.Outcome);
            });
        Assert.Equal([new RevokeAccess("terminated")], scenario.Accepted.Effects.OfType<RevokeAccess>());
        Assert.Contains(scenario.Accepted.Effects, e => e is SendNotification { Template: "application-terminated", Recipient: "applicant" });
        Assert.Equal(DestructionTimers, Timers(scenario).OrderBy(t => t.DueAt));
    }

    [Fact]
    public void After_withdrawing_under_renewal_the_renewal_decision_is_no_longer_awaited()
    {
        Given([.. ToUnderRenewal(), new Withdrawn(null), By(SystemCaller, DueIn30Days)])
            .When(ApproveRenewal(), Arthur)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Neither_is_awaited_while_the_certificate_of_destruction_is_awaited()
    {
        Given(In("AwaitingDestructionCertificate")).When(new Withdrawn(null), Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(In("AwaitingDestructionCertificate")).When(new Terminated(null), Olivia).ThenRejected(RejectionKind.NotAwaited);
        Given(ToAwaitingDestructionAfterWithdrawal()).When(new Withdrawn(null), Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToAwaitingDestructionAfterWithdrawal()).When(new Terminated(null), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Theory]
    [MemberData(nameof(AfterRelease))]
    public void The_wrong_role_may_neither_withdraw_nor_terminate_later_either(string situation)
    {
        Given(In(situation)).When(new Withdrawn(null), Olivia).ThenRejected(RejectionKind.Forbidden);
        Given(In(situation)).When(new Terminated(null), Alice).ThenRejected(RejectionKind.Forbidden);
        Given(In(situation)).When(new Terminated(null), Audrey).ThenRejected(RejectionKind.Forbidden);
    }
}
