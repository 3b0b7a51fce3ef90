using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// The <c>awaiting</c> list from Approval onwards, per role; and that it agrees with the decider: every listed
/// event is accepted with a valid body, and every other one is refused (409 for a role that may raise it, 403 otherwise).
/// </summary>
public class LaterStageAwaitingTests : LaterStageSpec
{
    private static Scenario In(string situation) => situation switch
    {
        "AwaitingApproval" => Given(ToApproval()),
        "AwaitingApproval assessed by sam" => Given(Submitted(), Accept, By(Sam, Assessed)),
        "AwaitingProviderSignature" => Given(ToProviderSignature()),
        "AwaitingSignatureAndPurchaseOrder" => Given(ToSignatureAndPurchaseOrder()),
        "AwaitingSignatureAndPurchaseOrder after the purchase order" => Given([.. ToSignatureAndPurchaseOrder(), Po]),
        "AwaitingSignatureAndPurchaseOrder after the signature" => Given([.. ToSignatureAndPurchaseOrder(), ApplicantSigned]),
        "AwaitingCohort" => Given(ToAwaitingCohort()),
        "ValidatingCohort" => Given(ToValidatingCohort()),
        "ProducingData" => Given(ToProducingData()),
        "AwaitingDataSignOff" => Given(ToDataSignOff()),
        "ReleasingData" => Given(ToReleasingData()),
        "Active" => Given(ToActive()),
        "UnderRenewal" => Given(ToUnderRenewal()),
        "Suspended" => Given(ToSuspended()),
        "AwaitingDestructionCertificate" => Given(ToAwaitingDestruction(Today.AddDays(10))),
        "AwaitingDestructionCertificate with a failed activity" => Given([.. ToAwaitingDestruction(Today.AddDays(10)), By(SystemCaller, Failed())]),
        "Closed Completed" => Given([.. ToAwaitingDestruction(Today.AddDays(10)), Certificate]),
        _ => throw new ArgumentOutOfRangeException(nameof(situation)),
    };

    private static readonly Caller[] People = [Alice, Olivia, Arthur, Dana, Audrey, Sam];

    private static void AssertAwaiting(Scenario scenario, Caller caller, params string[] expected)
    {
        var awaiting = Decider.Awaiting(scenario.State, caller);
        Assert.Equal(awaiting.Count, awaiting.Distinct().Count());
        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(awaiting.Order(StringComparer.Ordinal)),
            $"{scenario.State.State}, {caller.Id}: expected [{string.Join(", ", expected)}] but awaiting [{string.Join(", ", awaiting)}]");
    }

    [Fact]
    public void In_AwaitingApproval()
    {
        var s = In("AwaitingApproval");
        AssertAwaiting(s, Alice, "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
        AssertAwaiting(s, Arthur, "approval-decision");
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey);
        AssertAwaiting(s, Sam, "approval-decision", "terminate");
    }

    [Fact]
    public void In_AwaitingApproval_the_assessor_does_not_await_the_decision()
    {
        var s = In("AwaitingApproval assessed by sam");
        AssertAwaiting(s, Sam, "terminate");
        AssertAwaiting(s, Arthur, "approval-decision");
    }

    [Fact]
    public void In_AwaitingProviderSignature()
    {
        var s = In("AwaitingProviderSignature");
        AssertAwaiting(s, Alice, "withdraw");
        AssertAwaiting(s, Olivia, "agreement-signed-by-provider", "terminate");
        AssertAwaiting(s, Arthur);
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey);
    }

    [Fact]
    public void In_AwaitingSignatureAndPurchaseOrder()
    {
        var s = In("AwaitingSignatureAndPurchaseOrder");
        AssertAwaiting(s, Alice, "purchase-order", "agreement-signed-by-applicant", "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
        AssertAwaiting(s, Arthur);
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey);
    }

    [Fact]
    public void In_AwaitingSignatureAndPurchaseOrder_after_the_purchase_order_only_the_signature_is_awaited()
    {
        var s = In("AwaitingSignatureAndPurchaseOrder after the purchase order");
        AssertAwaiting(s, Alice, "agreement-signed-by-applicant", "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
    }

    [Fact]
    public void In_AwaitingSignatureAndPurchaseOrder_after_the_signature_only_the_purchase_order_is_awaited()
    {
        var s = In("AwaitingSignatureAndPurchaseOrder after the signature");
        AssertAwaiting(s, Alice, "purchase-order", "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
    }

    [Fact]
    public void In_the_Access_stage_after_the_agreement_started()
    {
        AssertAwaiting(In("AwaitingCohort"), Alice, "cohort-uploaded", "withdraw");
        AssertAwaiting(In("AwaitingDataSignOff"), Dana, "data-signed-off");
        foreach (var situation in new[] { "AwaitingCohort", "ValidatingCohort", "ProducingData", "AwaitingDataSignOff", "ReleasingData" })
        {
            var s = In(situation);
            if (situation != "AwaitingCohort") AssertAwaiting(s, Alice, "withdraw");
            AssertAwaiting(s, Olivia, "terminate");
            AssertAwaiting(s, Arthur);
            if (situation != "AwaitingDataSignOff") AssertAwaiting(s, Dana);
            AssertAwaiting(s, Audrey);
        }
    }

    [Fact]
    public void In_Active()
    {
        var s = In("Active");
        AssertAwaiting(s, Alice, "renewal-requested", "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
        AssertAwaiting(s, Arthur);
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey, "audit-completed");
    }

    [Fact]
    public void In_UnderRenewal()
    {
        var s = In("UnderRenewal");
        AssertAwaiting(s, Alice, "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
        AssertAwaiting(s, Arthur, "renewal-decision");
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey, "audit-completed");
        AssertAwaiting(s, Sam, "renewal-decision", "terminate");
    }

    [Fact]
    public void In_Suspended()
    {
        var s = In("Suspended");
        AssertAwaiting(s, Alice, "withdraw");
        AssertAwaiting(s, Olivia, "terminate");
        AssertAwaiting(s, Arthur);
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey, "audit-findings-closed");
    }

    [Fact]
    public void In_AwaitingDestructionCertificate()
    {
        var s = In("AwaitingDestructionCertificate");
        AssertAwaiting(s, Alice, "certificate-of-destruction");
        AssertAwaiting(s, Olivia);
        AssertAwaiting(s, Arthur);
        AssertAwaiting(s, Dana);
        AssertAwaiting(s, Audrey);
        AssertAwaiting(In("AwaitingDestructionCertificate with a failed activity"), Olivia, "retry-activity");
    }

    [Fact]
    public void Once_completed_nothing_is_awaited()
    {
        foreach (var person in People) AssertAwaiting(In("Closed Completed"), person);
    }

    // ---- the list and the decider agree ----

    /// <summary>Valid bodies of every event a person can raise from Approval onwards (and at any time).</summary>
    private static IEnumerable<EventData> Bodies(string name) => name switch
    {
        "approval-decision" => [Approve(), Approve(6), RejectAtApproval, ReferBackAtApproval],
        "agreement-signed-by-provider" => [ProviderSigned],
        "purchase-order" => [Po],
        "agreement-signed-by-applicant" => [ApplicantSigned],
        "cohort-uploaded" => [CohortFile],
        "data-signed-off" => [SignOffApprove, SignOffReject],
        "renewal-requested" => [AskToRenew()],
        "renewal-decision" => [ApproveRenewal(), RejectRenewal],
        "audit-completed" => [Audit(), CriticalAudit],
        "audit-findings-closed" => [FindingsClosed],
        "certificate-of-destruction" => [Certificate],
        "withdraw" => [new Withdrawn(null)],
        "terminate" => [new Terminated(null)],
        "retry-activity" => [new ActivityRetried(null)],
        "officer-review" => [Accept, ReferBack(), Reject],
        "assessment-complete" => [Assessed],
        "resubmission" => [ResubmitTitle()],
        "external-approval-requested" => [Requested("research-ethics")],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No body for this event."),
    };

    private static readonly string[] PersonEvents =
    [
        "approval-decision", "agreement-signed-by-provider", "purchase-order", "agreement-signed-by-applicant", "cohort-uploaded",
        "data-signed-off", "renewal-requested", "renewal-decision", "audit-completed", "audit-findings-closed",
        "certificate-of-destruction", "withdraw", "terminate", "retry-activity",
        "officer-review", "assessment-complete", "resubmission", "external-approval-requested",
    ];

    [Theory]
    [InlineData("AwaitingApproval")]
    [InlineData("AwaitingApproval assessed by sam")]
    [InlineData("AwaitingProviderSignature")]
    [InlineData("AwaitingSignatureAndPurchaseOrder")]
    [InlineData("AwaitingSignatureAndPurchaseOrder after the purchase order")]
    [InlineData("AwaitingSignatureAndPurchaseOrder after the signature")]
    [InlineData("AwaitingCohort")]
    [InlineData("ValidatingCohort")]
    [InlineData("ProducingData")]
    [InlineData("AwaitingDataSignOff")]
    [InlineData("ReleasingData")]
    [InlineData("Active")]
    [InlineData("UnderRenewal")]
    [InlineData("Suspended")]
    [InlineData("AwaitingDestructionCertificate")]
    [InlineData("AwaitingDestructionCertificate with a failed activity")]
    [InlineData("Closed Completed")]
    public void The_awaiting_list_is_exactly_what_the_decider_accepts(string situation)
    {
        var scenario = In(situation);
        foreach (var caller in People)
        {
            var awaiting = Decider.Awaiting(scenario.State, caller);
            Assert.All(awaiting, name => Assert.Contains(name, PersonEvents));

            foreach (var name in PersonEvents)
            {
                var decisions = Bodies(name).Select(body => Decider.Decide(new Command(body, caller), scenario.State, scenario.Context)).ToArray();
                var accepted = decisions.Any(d => d is Accepted);
                Assert.True(accepted == awaiting.Contains(name),
                    $"{situation}, {caller.Id}: '{name}' is {(accepted ? "" : "not ")}accepted but {(awaiting.Contains(name) ? "" : "not ")}awaited.");
                if (accepted) continue;

                var mayRaise = Transitions.RolesFor(name).Any(caller.Has);
                var separated = name is "approval-decision" or "renewal-decision" && scenario.State.AssessedBy == caller.Id
                    && Transitions.Find(scenario.State.State, name) is not null;
                var expected = mayRaise && !separated ? RejectionKind.NotAwaited : RejectionKind.Forbidden;
                Assert.All(decisions, d => Assert.True(d is Rejected r && r.Kind == expected,
                    $"{situation}, {caller.Id}: '{name}' should be refused as {expected} but was {d}."));
            }
        }
    }
}
