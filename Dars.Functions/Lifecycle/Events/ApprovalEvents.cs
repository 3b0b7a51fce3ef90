namespace Dars.Lifecycle.Events;

/// <summary>The approver's decision: <c>approve</c> (with conditions and, optionally, a shorter term), <c>reject</c> or <c>refer-back</c>.</summary>
[EventName("approval-decision")]
public sealed record ApprovalDecision(string? Decision, IReadOnlyList<string>? Conditions, int? ApprovedTermMonths, string? Notes) : EventData
{
    public const string Approve = "approve", Reject = "reject", ReferBack = "refer-back";
}
