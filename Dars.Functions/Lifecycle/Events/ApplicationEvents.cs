using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle.Events;

/// <summary>The application itself: opens an instance (POST /api/applications) or turns an enquiry into one.</summary>
[EventName("application-submitted")]
public sealed record ApplicationSubmitted(ApplicationForm Application) : EventData;

/// <summary>A case officer's review: <c>accept</c>, <c>refer-back</c> (with what is needed) or <c>reject</c>.</summary>
[EventName("officer-review")]
public sealed record OfficerReview(string? Decision, IReadOnlyList<string>? RequiredInformation, string? Notes) : EventData
{
    public const string Accept = "accept", ReferBack = "refer-back", Reject = "reject";
}

/// <summary>The applicant's answer to a refer-back: only the fields that changed.</summary>
[EventName("resubmission")]
public sealed record Resubmission(ApplicationForm Changes) : EventData;

[EventName("external-approval-requested")]
public sealed record ExternalApprovalRequested(string? ApprovalType, string? Notes) : EventData;

/// <summary>An outside body's answer, recorded by a case officer.</summary>
[EventName("external-approval")]
public sealed record ExternalApprovalRecorded(string? ApprovalType, string? Outcome, string? Reference, DateOnly? ExpiresOn, string? Notes) : EventData
{
    public const string Granted = "granted", Refused = "refused";
}

[EventName("assessment-complete")]
public sealed record AssessmentCompleted(string? Notes) : EventData;
