using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>One handler per event type; a test checks that every event type has one.</summary>
internal static class Handlers
{
    private delegate Decision Handler(EventData data, Application state, Caller caller, DecisionContext context);

    private static readonly Dictionary<Type, Handler> ByType = new()
    {
        [typeof(EnquirySubmitted)] = (d, s, c, x) => EnquiryRules.Submit((EnquirySubmitted)d, c),
        [typeof(EnquiryResponse)] = (d, s, c, x) => EnquiryRules.Respond((EnquiryResponse)d),
        [typeof(EnquiryClosed)] = (d, s, c, x) => EnquiryRules.Close((EnquiryClosed)d),
        [typeof(ApplicationSubmitted)] = (d, s, c, x) => ApplicationRules.Submit((ApplicationSubmitted)d, s, c, x),
        [typeof(OfficerReview)] = (d, s, c, x) => ApplicationRules.Review((OfficerReview)d, s),
        [typeof(Resubmission)] = (d, s, c, x) => ApplicationRules.Resubmit((Resubmission)d, s, c, x),
        [typeof(ExternalApprovalRequested)] = (d, s, c, x) => ApprovalRules.Request((ExternalApprovalRequested)d, s),
        [typeof(ExternalApprovalRecorded)] = (d, s, c, x) => ApprovalRules.Record((ExternalApprovalRecorded)d, s),
        [typeof(AssessmentCompleted)] = (d, s, c, x) => Accept(d),
        [typeof(Withdrawn)] = (d, s, c, x) => DeletionRules.EndAccess(d, s, x, "withdrawn", Notify.Officers("application-withdrawn", "The applicant withdrew the application.")),
        [typeof(Terminated)] = (d, s, c, x) => DeletionRules.EndAccess(d, s, x, "terminated", Notify.Applicant("application-terminated", "A case officer terminated the application.")),
        [typeof(ApprovalDecision)] = (d, s, c, x) => ApprovalDecisionRules.Decide((ApprovalDecision)d, s),
        [typeof(AgreementSignedByProvider)] = (d, s, c, x) => AgreementRules.SignForProvider((AgreementSignedByProvider)d),
        [typeof(AgreementSignedByApplicant)] = (d, s, c, x) => AgreementRules.SignForApplicant((AgreementSignedByApplicant)d, s, x),
        [typeof(PurchaseOrder)] = (d, s, c, x) => AgreementRules.GivePurchaseOrder((PurchaseOrder)d, s, x),
        [typeof(CohortUploaded)] = (d, s, c, x) => AccessRules.UploadCohort((CohortUploaded)d),
        [typeof(CohortValidated)] = (d, s, c, x) => AccessRules.CohortValidated((CohortValidated)d),
        [typeof(DataProduced)] = (d, s, c, x) => AccessRules.Produced((DataProduced)d),
        [typeof(DataSignedOff)] = (d, s, c, x) => AccessRules.SignOff((DataSignedOff)d, s),
        [typeof(DataReleased)] = (d, s, c, x) => AccessRules.Released((DataReleased)d, s),
        [typeof(AccessRevoked)] = (d, s, c, x) => AccessRules.Revoked((AccessRevoked)d),
        [typeof(RenewalRequested)] = (d, s, c, x) => AuditRules.RequestRenewal((RenewalRequested)d, s),
        [typeof(RenewalDecision)] = (d, s, c, x) => AuditRules.DecideRenewal((RenewalDecision)d, s, x),
        [typeof(AuditCompleted)] = (d, s, c, x) => AuditRules.CompleteAudit((AuditCompleted)d),
        [typeof(AuditFindingsClosed)] = (d, s, c, x) => AuditRules.CloseFindings((AuditFindingsClosed)d, s),
        [typeof(ExpiryReminder)] = (d, s, c, x) => DeletionRules.Timer((TimerEvent)d, s, x),
        [typeof(AgreementExpired)] = (d, s, c, x) => DeletionRules.Timer((TimerEvent)d, s, x),
        [typeof(DestructionReminder)] = (d, s, c, x) => DeletionRules.Timer((TimerEvent)d, s, x),
        [typeof(DestructionOverdue)] = (d, s, c, x) => DeletionRules.Timer((TimerEvent)d, s, x),
        [typeof(CertificateOfDestruction)] = (d, s, c, x) => DeletionRules.Certify((CertificateOfDestruction)d, x),
        [typeof(SlaStatusMarked)] = (d, s, c, x) => SlaRules.Check(s, x),
        [typeof(ActivityRetried)] = (d, s, c, x) => Accept(d, [.. s.Failures.Select(f => f.Effect)]),
        [typeof(ActivityFailed)] = (d, s, c, x) => Accept(d),
        [typeof(NotificationSent)] = (d, s, c, x) => Accept(d),
    };

    public static IEnumerable<Type> HandledTypes => ByType.Keys;

    public static Decision Decide(EventData data, Application state, Caller caller, DecisionContext context) =>
        ByType.TryGetValue(data.GetType(), out var handler)
            ? handler(data, state, caller, context)
            : throw new InvalidOperationException($"No handler for {data.GetType().Name}.");

    /// <summary>Accept the event as given; the acting role is filled in by the decider.</summary>
    public static Accepted Accept(EventData data, params Effect[] effects) => new([data], effects, Role.System);
}
