using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>Renewals and audits while the agreement runs.</summary>
internal static class AuditRules
{
    public static Decision RequestRenewal(RenewalRequested request, Application state)
    {
        var errors = new FieldErrors();
        var max = state.Form?.PurposeCategory is { } category && Submission.Vocabulary.MaxTermMonthsByCategory.TryGetValue(category, out var m) ? m : 36;
        if (request.TermMonths is not { } term) errors.Add("termMonths", "termMonths is required.");
        else if (term < 1 || term > max) errors.Add("termMonths", $"termMonths must be from 1 to {max} for a {state.Form?.PurposeCategory} application.");
        errors.Required("justification", request.Justification, 10_000);
        return errors.Any ? Rejected.Invalid(errors) : Handlers.Accept(request, Notify.Officers("renewal-requested", "The applicant asked to renew the agreement."));
    }

    public static Decision DecideRenewal(RenewalDecision decision, Application state, DecisionContext context)
    {
        var errors = new FieldErrors();
        errors.OneOf("decision", decision.Decision, [RenewalDecision.Approve, RenewalDecision.Reject]);
        if (decision.Decision == RenewalDecision.Approve && decision.TermMonths is not (>= 1))
            errors.Add("termMonths", "An approved renewal needs termMonths (at least 1).");
        if (decision.Decision == RenewalDecision.Approve && decision.TermMonths > state.Renewal?.TermMonths)
            errors.Add("termMonths", $"termMonths may not exceed the {state.Renewal?.TermMonths} months requested.");
        if (errors.Any) return Rejected.Invalid(errors);

        if (decision.Decision == RenewalDecision.Reject)
            return Handlers.Accept(decision, Notify.Applicant("renewal-rejected", "The renewal was not approved; the agreement ends on its expiry date."));
        var after = Preview.After(state, context.Now, decision);
        return new Accepted([decision],
            [Notify.Applicant("renewal-approved", $"The agreement is renewed until {after.Agreement.ExpiryDate:yyyy-MM-dd}."), .. Preview.Timers(after, context)],
            Role.System);
    }

    public static Decision CompleteAudit(AuditCompleted audit)
    {
        var errors = new FieldErrors();
        if (audit.Findings is null) errors.Add("findings", "findings is required (an empty list when there are none).");
        for (var i = 0; i < (audit.Findings?.Count ?? 0); i++)
        {
            errors.OneOf($"findings[{i}].type", audit.Findings![i]?.Type, AuditCompleted.Types);
            errors.OneOf($"findings[{i}].risk", audit.Findings![i]?.Risk, AuditCompleted.Risks);
        }
        if (errors.Any) return Rejected.Invalid(errors);
        return IsCritical(audit)
            ? Handlers.Accept(audit, new RevokeAccess("audit-critical-finding", Withhold: true),
                Notify.Applicant("access-suspended", "A critical audit finding suspended access to the data."))
            : Handlers.Accept(audit, Notify.Applicant("audit-completed", "The data sharing audit is recorded."));
    }

    public static Decision CloseFindings(AuditFindingsClosed closed, Application state) =>
        Handlers.Accept(closed, new ReleaseData(state.Release.Mode ?? state.Form?.AccessMode ?? "secure-file-transfer"));

    public static bool IsCritical(AuditCompleted audit) => audit.Findings?.Any(f => f.Risk == "critical") == true;
}
