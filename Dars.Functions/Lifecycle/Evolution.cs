using Dars.Lifecycle.Events;

namespace Dars.Lifecycle;

/// <summary>How each event changes the state. Total: an event that changes nothing leaves it as it was.</summary>
internal static class Evolution
{
    public static Application Apply(Application state, RecordedEvent @event)
    {
        var next = Change(state, @event) with { Version = @event.Version, LastUpdatedAt = @event.OccurredAt };
        return next with { Sla = SlaPausing.Update(next, @event.OccurredAt) };
    }

    private static Application Change(Application s, RecordedEvent e) => e.Data switch
    {
        EnquirySubmitted x => s with
        {
            Id = s.Id, State = State.Enquiry, CreatedAt = e.OccurredAt,
            Organisation = x.Organisation, Contact = x.Contact, Title = x.Title, Question = x.Question,
        },
        EnquiryClosed => Close(s, Outcome.EnquiryClosed),
        ApplicationSubmitted x => s with
        {
            State = State.AwaitingInitialReview,
            CreatedAt = s.State == State.New ? e.OccurredAt : s.CreatedAt,
            Form = x.Application, Organisation = x.Application.Organisation, Contact = x.Application.Contact, Title = x.Application.Title,
        },
        OfficerReview { Decision: OfficerReview.Accept } => s with
        {
            State = State.UnderAssessment,
            EverAccepted = true,
            Sla = s.Sla.Started ? s.Sla : s.Sla with { StartedAt = e.OccurredAt },
            ExternalApprovals = [.. s.ExternalApprovals, .. (s.Form?.ExternalApprovals ?? [])
                .Where(type => s.ExternalApprovals.All(a => a.ApprovalType != type))
                .Select(type => new ExternalApproval(type, ApprovalStatus.Pending))],
        },
        OfficerReview { Decision: OfficerReview.ReferBack } x => s with { State = State.ReferredBack, RequiredInformation = x.RequiredInformation ?? [] },
        OfficerReview => Close(s, Outcome.Rejected),
        Resubmission x => s with
        {
            State = s.EverAccepted ? State.UnderAssessment : State.AwaitingInitialReview,
            Form = s.Form!.Merge(x.Changes),
            Title = x.Changes.Title ?? s.Title,
            Contact = x.Changes.Contact ?? s.Contact,
            Organisation = x.Changes.Organisation ?? s.Organisation,
            RequiredInformation = [],
        },
        ExternalApprovalRequested x => s with
        {
            ExternalApprovals = [.. s.ExternalApprovals.Where(a => a.ApprovalType != x.ApprovalType), new ExternalApproval(x.ApprovalType!, ApprovalStatus.Pending)],
        },
        ExternalApprovalRecorded x => s with
        {
            ExternalApprovals = [.. s.ExternalApprovals.Select(a => a.ApprovalType != x.ApprovalType ? a
                : a with { Status = x.Outcome == ExternalApprovalRecorded.Granted ? ApprovalStatus.Granted : ApprovalStatus.Refused, Reference = x.Reference, ExpiresOn = x.ExpiresOn })],
        },
        AssessmentCompleted => s with { State = State.AwaitingApproval, AssessedBy = e.Actor.Id },
        Withdrawn => s.EverReleased ? s with { State = State.AwaitingDestructionCertificate } : Close(s, Outcome.Withdrawn),
        Terminated => s.EverReleased ? s with { State = State.AwaitingDestructionCertificate } : Close(s, Outcome.Terminated),
        ActivityFailed x => s with { Failure = new ActivityFailure(x.Activity, x.Error, x.Attempts, x.Effect) },
        ActivityRetried => s with { Failure = null },
        _ => s,
    };

    private static Application Close(Application s, Outcome outcome) => s with { State = State.Closed, Outcome = outcome };
}
