using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>
/// Conditions beyond the table that decide whether an event can be raised at all now, whatever its
/// body. Shared by the decider and the <c>awaiting</c> list so the two never disagree.
/// </summary>
internal static class Availability
{
    public static Rejected? Check(string eventName, Application state, Caller caller)
    {
        if (eventName == EventCatalog.NameOf<AssessmentCompleted>())
        {
            var open = state.ExternalApprovals.Where(a => a.Status != ApprovalStatus.Granted).ToArray();
            if (open.Length > 0)
                return new Rejected(RejectionKind.NotAwaited,
                    "The assessment cannot be completed while external approvals are pending or refused: "
                    + string.Join(", ", open.Select(a => $"{a.ApprovalType} ({a.Status.ToString().ToLowerInvariant()})")) + ".");
        }
        else if (eventName == EventCatalog.NameOf<ExternalApprovalRecorded>())
        {
            if (!state.ExternalApprovals.Any(a => a.Status == ApprovalStatus.Pending))
                return new Rejected(RejectionKind.NotAwaited, "No external approval is pending; request one with external-approval-requested first.");
        }
        else if (eventName == EventCatalog.NameOf<ExternalApprovalRequested>())
        {
            if (Submission.Vocabulary.ExternalApprovalTypes.All(type => state.ExternalApprovals.Any(a => a.ApprovalType == type && a.Status != ApprovalStatus.Refused)))
                return new Rejected(RejectionKind.NotAwaited, "Every kind of external approval is already pending or granted.");
        }
        else if (eventName == EventCatalog.NameOf<ApprovalDecision>() || eventName == EventCatalog.NameOf<RenewalDecision>())
        {
            // LIFECYCLE.md's Approver: "approval decisions and renewal decisions; may not decide an application whose
            // assessment it completed".
            if (state.AssessedBy is { } assessor && assessor == caller.Id)
                return new Rejected(RejectionKind.Forbidden,
                    "Separation of duties: you completed this application's assessment, so another approver must decide it.");
        }
        else if (eventName == EventCatalog.NameOf<AgreementSignedByApplicant>())
        {
            if (state.Agreement.ApplicantSignedAt is not null)
                return new Rejected(RejectionKind.NotAwaited, "The applicant has already signed the agreement.");
        }
        else if (eventName == EventCatalog.NameOf<PurchaseOrder>())
        {
            if (state.Agreement.PoNumber is not null)
                return new Rejected(RejectionKind.NotAwaited, $"The purchase order {state.Agreement.PoNumber} is already given.");
        }
        else if (eventName == EventCatalog.NameOf<ActivityRetried>())
        {
            if (state.Failure is null)
                return new Rejected(RejectionKind.NotAwaited, "No activity has failed, so there is nothing to retry.");
        }
        return null;
    }
}
