using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle.Rules;

/// <summary>External approvals (ONS, CAG, ethics, advisory group) requested and recorded during assessment.</summary>
internal static class ApprovalRules
{
    public static Decision Request(ExternalApprovalRequested request, Application state)
    {
        var errors = new FieldErrors();
        errors.OneOf("approvalType", request.ApprovalType, Vocabulary.ExternalApprovalTypes);
        if (errors.Any) return Rejected.Invalid(errors);

        var existing = state.ExternalApprovals.FirstOrDefault(a => a.ApprovalType == request.ApprovalType);
        return existing?.Status switch
        {
            ApprovalStatus.Pending => new Rejected(RejectionKind.NotAwaited, $"{request.ApprovalType} is already pending."),
            ApprovalStatus.Granted => new Rejected(RejectionKind.NotAwaited, $"{request.ApprovalType} is already granted."),
            _ => Handlers.Accept(request),
        };
    }

    public static Decision Record(ExternalApprovalRecorded approval, Application state)
    {
        var errors = new FieldErrors();
        errors.OneOf("approvalType", approval.ApprovalType, Vocabulary.ExternalApprovalTypes);
        errors.OneOf("outcome", approval.Outcome, [ExternalApprovalRecorded.Granted, ExternalApprovalRecorded.Refused]);
        errors.Required("reference", approval.Reference, 100);
        if (errors.Any) return Rejected.Invalid(errors);

        return state.ExternalApprovals.Any(a => a.ApprovalType == approval.ApprovalType && a.Status == ApprovalStatus.Pending)
            ? Handlers.Accept(approval)
            : new Rejected(RejectionKind.NotAwaited, $"{approval.ApprovalType} is not pending; pending: "
                + string.Join(", ", state.ExternalApprovals.Where(a => a.Status == ApprovalStatus.Pending).Select(a => a.ApprovalType)) + ".");
    }
}
