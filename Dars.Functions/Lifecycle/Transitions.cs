using Dars.Lifecycle.Events;
using static Dars.Lifecycle.Role;
using static Dars.Lifecycle.State;

namespace Dars.Lifecycle;

/// <summary>The lifecycle table of LIFECYCLE.md as data.</summary>
public static class Transitions
{
    /// <summary>States before Closed: a failed activity can be retried there.</summary>
    public static readonly IReadOnlyList<State> BeforeClosed = Enum.GetValues<State>().Where(s => s is not (New or Closed)).ToArray();

    /// <summary>
    /// States in which an application can be withdrawn or terminated: before Closed, except while the
    /// certificate of destruction is awaited (access has already ended; only the certificate closes it).
    /// </summary>
    public static readonly IReadOnlyList<State> Open = BeforeClosed.Where(s => s != AwaitingDestructionCertificate).ToArray();

    private static readonly IReadOnlyList<State> Existing = Enum.GetValues<State>().Where(s => s != New).ToArray();

    /// <summary>States in which the service-level clock runs (after the first acceptance).</summary>
    public static readonly IReadOnlyList<State> SlaRunning = [UnderAssessment, ReferredBack, AwaitingApproval];

    /// <summary>States in which a started agreement is running: its expiry applies.</summary>
    public static readonly IReadOnlyList<State> AgreementRunning =
        [AwaitingCohort, ValidatingCohort, ProducingData, AwaitingDataSignOff, ReleasingData, Active, UnderRenewal, Suspended];

    public static readonly IReadOnlyList<Transition> Table = Build().ToArray();

    private static readonly ILookup<(State, string), Transition> ByStateAndEvent = Table.ToLookup(t => (t.From, t.Event));
    private static readonly ILookup<string, Role> RolesByEvent = Table.SelectMany(t => t.Roles.Select(r => (t.Event, r))).Distinct().ToLookup(x => x.Event, x => x.r);

    public static Transition? Find(State from, string eventName) => ByStateAndEvent[(from, eventName)].FirstOrDefault();

    public static IEnumerable<Transition> From(State state) => Table.Where(t => t.From == state);

    /// <summary>Every role that may raise the event in some state.</summary>
    public static IEnumerable<Role> RolesFor(string eventName) => RolesByEvent[eventName];

    private static IEnumerable<Transition> Build()
    {
        Transition Row<TEvent>(State from, Role[] roles, params State[] to) where TEvent : EventData =>
            new(from, EventCatalog.NameOf<TEvent>(), roles, to.Length == 0 ? [from] : to);

        yield return Row<EnquirySubmitted>(New, [Applicant], Enquiry);
        yield return Row<ApplicationSubmitted>(New, [Applicant], AwaitingInitialReview);

        yield return Row<EnquiryResponse>(Enquiry, [CaseOfficer]);
        yield return Row<EnquiryClosed>(Enquiry, [Applicant, CaseOfficer], Closed);
        yield return Row<ApplicationSubmitted>(Enquiry, [Applicant], AwaitingInitialReview);

        yield return Row<OfficerReview>(AwaitingInitialReview, [CaseOfficer], UnderAssessment, ReferredBack, Closed);

        yield return Row<Resubmission>(ReferredBack, [Applicant], AwaitingInitialReview, UnderAssessment);
        yield return Row<ExternalApprovalRecorded>(ReferredBack, [CaseOfficer]);

        yield return Row<ExternalApprovalRequested>(UnderAssessment, [CaseOfficer]);
        yield return Row<ExternalApprovalRecorded>(UnderAssessment, [CaseOfficer]);
        yield return Row<OfficerReview>(UnderAssessment, [CaseOfficer], ReferredBack, Closed);
        yield return Row<AssessmentCompleted>(UnderAssessment, [CaseOfficer], AwaitingApproval);

        yield return Row<ApprovalDecision>(AwaitingApproval, [Approver], AwaitingProviderSignature, Closed, UnderAssessment);
        yield return Row<AgreementSignedByProvider>(AwaitingProviderSignature, [CaseOfficer], AwaitingSignatureAndPurchaseOrder);
        yield return Row<PurchaseOrder>(AwaitingSignatureAndPurchaseOrder, [Applicant], AwaitingSignatureAndPurchaseOrder, AwaitingCohort, ProducingData);
        yield return Row<AgreementSignedByApplicant>(AwaitingSignatureAndPurchaseOrder, [Applicant], AwaitingSignatureAndPurchaseOrder, AwaitingCohort, ProducingData);
        yield return Row<CohortUploaded>(AwaitingCohort, [Applicant], ValidatingCohort);
        yield return Row<CohortValidated>(ValidatingCohort, [Role.System], ProducingData, AwaitingCohort);
        yield return Row<DataProduced>(ProducingData, [Role.System], AwaitingDataSignOff);
        yield return Row<DataSignedOff>(AwaitingDataSignOff, [DataProducer], ReleasingData, ProducingData);
        yield return Row<DataReleased>(ReleasingData, [Role.System], Active);
        yield return Row<DataReleased>(Active, [Role.System]);

        yield return Row<RenewalRequested>(Active, [Applicant], UnderRenewal);
        yield return Row<AuditCompleted>(Active, [Auditor], Active, Suspended);
        yield return Row<RenewalDecision>(UnderRenewal, [Approver], Active);
        yield return Row<AuditCompleted>(UnderRenewal, [Auditor], UnderRenewal, Suspended);
        yield return Row<AuditFindingsClosed>(Suspended, [Auditor], Active);
        yield return Row<CertificateOfDestruction>(AwaitingDestructionCertificate, [Applicant], Closed);

        // Before the release there is nothing to destroy: expiry closes the application.
        foreach (var state in AgreementRunning)
        {
            yield return Row<ExpiryReminder>(state, [Role.System]);
            yield return Row<AgreementExpired>(state, [Role.System], state is Active or UnderRenewal or Suspended ? AwaitingDestructionCertificate : Closed);
        }
        yield return Row<DestructionReminder>(AwaitingDestructionCertificate, [Role.System]);
        yield return Row<DestructionOverdue>(AwaitingDestructionCertificate, [Role.System]);
        foreach (var state in SlaRunning)
            yield return Row<SlaStatusMarked>(state, [Role.System]);

        foreach (var state in Open)
        {
            yield return Row<Withdrawn>(state, [Applicant], Closed, AwaitingDestructionCertificate);
            yield return Row<Terminated>(state, [CaseOfficer], Closed, AwaitingDestructionCertificate);
        }
        foreach (var state in BeforeClosed)
            yield return Row<ActivityRetried>(state, [CaseOfficer]);

        foreach (var state in Existing)
        {
            yield return Row<ActivityFailed>(state, [Role.System]);
            yield return Row<NotificationSent>(state, [Role.System]);
            yield return Row<AccessRevoked>(state, [Role.System]);
        }
    }
}
