using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>The approver's decision on an assessed application.</summary>
internal static class ApprovalDecisionRules
{
    public static Decision Decide(ApprovalDecision decision, Application state)
    {
        var errors = new FieldErrors();
        errors.OneOf("decision", decision.Decision, [ApprovalDecision.Approve, ApprovalDecision.Reject, ApprovalDecision.ReferBack]);
        if (decision.Conditions?.Any(string.IsNullOrWhiteSpace) == true)
            errors.Add("conditions", "Conditions may not be blank.");
        if (decision.ApprovedTermMonths is { } term)
        {
            var requested = state.Form?.RequestedTermMonths ?? 0;
            if (decision.Decision != ApprovalDecision.Approve) errors.Add("approvedTermMonths", "approvedTermMonths goes with an approve decision only.");
            else if (term < 1 || term > requested) errors.Add("approvedTermMonths", $"approvedTermMonths must be from 1 to the {requested} months requested.");
        }
        if (errors.Any) return Rejected.Invalid(errors);

        return decision.Decision switch
        {
            ApprovalDecision.Approve => Handlers.Accept(decision, Notify.Applicant("application-approved", "The application was approved; the agreement follows.")),
            ApprovalDecision.Reject => Handlers.Accept(decision, Notify.Applicant("application-rejected", "The application was rejected at approval.")),
            _ => Handlers.Accept(decision, Notify.Officers("approval-referred-back", "The approver referred the application back for more assessment.")),
        };
    }
}
