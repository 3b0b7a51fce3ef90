namespace Dars.Lifecycle.Events;

/// <summary>The applicant asks to extend the agreement.</summary>
[EventName("renewal-requested")]
public sealed record RenewalRequested(int? TermMonths, string? Justification) : EventData;

/// <summary>The approver's renewal decision: <c>approve</c> with a term, or <c>reject</c>.</summary>
[EventName("renewal-decision")]
public sealed record RenewalDecision(string? Decision, int? TermMonths, string? Notes) : EventData
{
    public const string Approve = "approve", Reject = "reject";
}

/// <summary>One finding of a data sharing audit.</summary>
public sealed record AuditFinding(string? Type, string? Risk, string? Description);

/// <summary>An audit with its findings; a critical one suspends access.</summary>
[EventName("audit-completed")]
public sealed record AuditCompleted(IReadOnlyList<AuditFinding>? Findings, string? Notes) : EventData
{
    public static readonly IReadOnlyList<string> Types = ["nonconformity", "observation", "opportunity"];
    public static readonly IReadOnlyList<string> Risks = ["critical", "high", "medium", "low"];
}

/// <summary>The auditor closes the findings of a suspension; the data is released again.</summary>
[EventName("audit-findings-closed")]
public sealed record AuditFindingsClosed(string? Notes) : EventData;
