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
        ApprovalDecision { Decision: ApprovalDecision.Approve } x => s with
        {
            State = State.AwaitingProviderSignature,
            Agreement = s.Agreement with { Conditions = x.Conditions ?? [], ApprovedTermMonths = x.ApprovedTermMonths ?? s.Form?.RequestedTermMonths },
        },
        ApprovalDecision { Decision: ApprovalDecision.Reject } => Close(s, Outcome.Rejected),
        ApprovalDecision => s with { State = State.UnderAssessment },
        AgreementSignedByProvider x => s with
        {
            State = State.AwaitingSignatureAndPurchaseOrder,
            Agreement = s.Agreement with { ProviderSignedAt = e.OccurredAt, ProviderSignatory = x.SignatoryName },
        },
        AgreementSignedByApplicant x => s with
        {
            Agreement = s.Agreement with { ApplicantSignedAt = e.OccurredAt, ApplicantSignatory = x.SignatoryName, ApplicantSignatoryRole = x.SignatoryRole },
        },
        PurchaseOrder x => s with { Agreement = s.Agreement with { PoNumber = x.PoNumber } },
        AgreementStarted x => s with
        {
            State = s.Form?.CohortRequired == true ? State.AwaitingCohort : State.ProducingData,
            Agreement = s.Agreement with { StartDate = x.StartDate, ExpiryDate = x.ExpiryDate },
        },
        CohortUploaded x => s with { State = State.ValidatingCohort, Cohort = new CohortRecord(CohortStatus.Validating, x.FileName, x.BlobName) },
        CohortValidated x => s with
        {
            State = x.Accepted ? State.ProducingData : State.AwaitingCohort,
            Cohort = s.Cohort with
            {
                Status = x.Accepted ? CohortStatus.Accepted : CohortStatus.Rejected,
                TotalRows = x.TotalRows, ValidRows = x.ValidRows, InvalidRows = x.InvalidRows, Reason = x.Reason,
            },
        },
        DataProduced x => s with
        {
            State = State.AwaitingDataSignOff,
            Production = new ProductionRecord(x.CohortRows, x.Matched, x.RemovedType1, x.RemovedNationalDataOptOut, x.ReleasedRows, x.ObjectionsReason, x.Extracts),
        },
        DataSignedOff { Decision: DataSignedOff.Approve } => s with { State = State.ReleasingData },
        DataSignedOff => s with { State = State.ProducingData },
        DataReleased x => s with
        {
            State = State.Active,
            EverReleased = true,
            Release = new ReleaseRecord(x.Mode, e.OccurredAt, null, x.Files, x.Grant),
        },
        AccessRevoked when s.Release.ReleasedAt is not null => s with { Release = s.Release with { RevokedAt = s.Release.RevokedAt ?? e.OccurredAt } },
        RenewalRequested x => s with { State = State.UnderRenewal, Renewal = new RenewalRequest(x.TermMonths ?? 0, x.Justification ?? "") },
        RenewalDecision { Decision: RenewalDecision.Approve } x => s with
        {
            State = State.Active,
            Renewal = null,
            Agreement = s.Agreement with { ExpiryDate = s.Agreement.ExpiryDate?.AddMonths(x.TermMonths ?? 0) },
        },
        RenewalDecision => s with { State = State.Active, Renewal = null },
        AuditCompleted x when Rules.AuditRules.IsCritical(x) => s with { State = State.Suspended, Renewal = null },
        AuditFindingsClosed => s with { State = State.Active },
        AgreementExpired => s.EverReleased
            ? s with { State = State.AwaitingDestructionCertificate, Renewal = null }
            : Close(s, Outcome.Completed),
        DestructionCertificateDue x => s with { Destruction = s.Destruction with { DueDate = x.DueDate } },
        DestructionOverdue => s with { Destruction = s.Destruction with { Overdue = true } },
        CertificateOfDestruction => Close(s, Outcome.Completed) with { Destruction = s.Destruction with { CertificateReceivedAt = e.OccurredAt } },
        SlaStatusMarked x => s with { SlaMark = x.Status },
        ActivityFailed x => s with { EarlierFailures = s.Failures, Failure = new ActivityFailure(x.Activity, x.Error, x.Attempts, x.Effect) },
        ActivityRetried => s with { Failure = null, EarlierFailures = [] },
        _ => s,
    };

    private static Application Close(Application s, Outcome outcome) => s with { State = State.Closed, Outcome = outcome };
}
