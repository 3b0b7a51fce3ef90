using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;

namespace Dars.Tests.Infrastructure;

/// <summary>Drives an application through the runtime (no HTTP) to a stage a test starts from.</summary>
public static class Journey
{
    public static readonly Caller Alice = new("alice", Role.Applicant, "X26");
    public static readonly Caller Olivia = new("olivia", Role.CaseOfficer);
    public static readonly Caller Ann = new("ann", Role.Approver);

    /// <summary>Submitted, accepted, assessed, approved, signed and paid for: the agreement has started.</summary>
    public static async Task<Application> ToAgreementStartedAsync(ApplicationRuntime runtime, DateOnly today, int termMonths = 12, bool cohortRequired = false)
    {
        var form = Forms.Valid(today) with { CohortRequired = cohortRequired, RequestedTermMonths = termMonths, RequestedStartDate = today };
        var id = ((Applied)await runtime.SubmitAsync(new ApplicationSubmitted(form), Alice, default)).State.Id;
        await Raise(runtime, id, new OfficerReview("accept", null, null), Olivia);
        await Raise(runtime, id, new AssessmentCompleted(null), Olivia);
        await Raise(runtime, id, new ApprovalDecision("approve", [], null, null), Ann);
        await Raise(runtime, id, new AgreementSignedByProvider("Olivia Officer"), Olivia);
        await Raise(runtime, id, new PurchaseOrder("PO-1"), Alice);
        return await Raise(runtime, id, new AgreementSignedByApplicant("Dr A Researcher", "PI"), Alice);
    }

    public static async Task<Application> Raise(ApplicationRuntime runtime, string id, EventData data, Caller caller)
    {
        var outcome = await runtime.RaiseAsync(id, new Command(data, caller), RaiseOptions.None, default);
        return outcome is Applied applied ? applied.State : throw new InvalidOperationException($"{EventCatalog.NameOf(data)} gave {outcome}");
    }
}
