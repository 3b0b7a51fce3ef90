using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// Histories and events for the stages from Approval onwards: each history is the whole path to a state,
/// so a test reads as the lifecycle went.
/// </summary>
public abstract class LaterStageSpec : DeciderSpec
{
    /// <summary>A person holding both the CaseOfficer and the Approver role.</summary>
    public static readonly Caller Sam = new("sam", new HashSet<Role> { Role.CaseOfficer, Role.Approver });

    /// <summary>Another approver than <see cref="DeciderSpec.Arthur"/>.</summary>
    public static readonly Caller Anna = new("anna", Role.Approver);

    /// <summary>The default agreement's expiry: a summer date, so its timers fall at UK midnight in BST (23:00 UTC).</summary>
    public static readonly DateOnly Expiry = new(2027, 6, 30);

    /// <summary>Start of a UK day, written out independently of <see cref="UkTime"/>.</summary>
    protected static DateTimeOffset UkMidnight(int year, int month, int day, bool summer) =>
        new(year, month, day, 0, 0, 0, TimeSpan.FromHours(summer ? 1 : 0));

    // ---- events ----

    protected static ApprovalDecision Approve(int? approvedTermMonths = null, params string[] conditions) =>
        new(ApprovalDecision.Approve, conditions.Length == 0 ? ["Publish aggregate results only"] : conditions, approvedTermMonths, null);

    protected static readonly ApprovalDecision RejectAtApproval = new(ApprovalDecision.Reject, null, null, "Benefits are not shown.");
    protected static readonly ApprovalDecision ReferBackAtApproval = new(ApprovalDecision.ReferBack, null, null, "Check the legal basis again.");

    protected static readonly AgreementSignedByProvider ProviderSigned = new("Olivia Officer");
    protected static readonly PurchaseOrder Po = new("PO-2026/0042");
    protected static readonly AgreementSignedByApplicant ApplicantSigned = new("Dr A Researcher", "Principal investigator");

    protected static readonly CohortUploaded CohortFile = new("cohort.csv", "cohorts/app-1/cohort.csv");
    protected static readonly CohortValidated CohortAccepted = new(true, 100, 98, 2, null);
    protected static readonly CohortValidated CohortRejected = new(false, 100, 0, 100, "The file has no NHS_NUMBER column.");
    protected static readonly DataProduced Produced = new(100, 90, 3, 4, 83, "Yes - patient objections upheld", ["hes-apc.csv"]);
    protected static readonly DataSignedOff SignOffApprove = new(DataSignedOff.Approve, null);
    protected static readonly DataSignedOff SignOffReject = new(DataSignedOff.Reject, "DIAG_4_01 is missing.");
    protected static readonly DataReleased Released = new("secure-file-transfer", ["releases/app-1/hes-apc.csv"]);

    protected static RenewalRequested AskToRenew(int termMonths = 12) => new(termMonths, "Follow-up for another year.");
    protected static RenewalDecision ApproveRenewal(int? termMonths = 12) => new(RenewalDecision.Approve, termMonths, null);
    protected static readonly RenewalDecision RejectRenewal = new(RenewalDecision.Reject, null, "Not justified.");

    protected static AuditFinding Finding(string risk, string type = "nonconformity") => new(type, risk, "Data held on a laptop.");
    protected static AuditCompleted Audit(params AuditFinding[] findings) => new(findings, null);
    protected static readonly AuditCompleted CriticalAudit = new([new AuditFinding("nonconformity", "critical", "Data shared with a third party.")], null);
    protected static readonly AuditFindingsClosed FindingsClosed = new("Remediation verified.");

    protected static readonly CertificateOfDestruction Certificate =
        new("Dr A Researcher", "Principal investigator", Today, "Secure erase (NIST 800-88)", true);

    protected static readonly SlaStatusMarked SlaCheck = new(null, 0, null);

    // ---- histories: the whole path to a state ----

    protected static Step[] ToApproval(ApplicationForm? form = null) => [Submission(form ?? ValidForm()), Accept, Assessed];

    protected static Step[] ToProviderSignature(ApplicationForm? form = null, int? approvedTermMonths = null) =>
        [.. ToApproval(form), Approve(approvedTermMonths)];

    protected static Step[] ToSignatureAndPurchaseOrder(ApplicationForm? form = null, int? approvedTermMonths = null) =>
        [.. ToProviderSignature(form, approvedTermMonths), ProviderSigned];

    /// <summary>The agreement started (in a <c>Given</c>, the derived event is written out as recorded).</summary>
    private static Step[] Started(ApplicationForm? form, DateOnly expiry) =>
        [.. ToSignatureAndPurchaseOrder(form), Po, ApplicantSigned, By(Alice, new AgreementStarted(expiry.AddMonths(-24), expiry))];

    protected static Step[] ToAwaitingCohort() => Started(null, Expiry);

    protected static Step[] ToValidatingCohort() => [.. ToAwaitingCohort(), CohortFile];

    /// <summary>Producing data: after the cohort was accepted, or straight after the agreement started when no cohort is required.</summary>
    protected static Step[] ToProducingData(bool cohortRequired = true) => cohortRequired
        ? [.. ToValidatingCohort(), CohortAccepted]
        : Started(ValidForm() with { CohortRequired = false }, Expiry);

    protected static Step[] ToDataSignOff(ApplicationForm? form = null) =>
        form is null ? [.. ToProducingData(), Produced] : [.. Started(form, Expiry), CohortFile, CohortAccepted, Produced];

    protected static Step[] ToReleasingData() => [.. ToDataSignOff(), By(Dana, SignOffApprove)];

    protected static Step[] ToActive(DateOnly? expiry = null, ApplicationForm? form = null) =>
        [.. Started(form, expiry ?? Expiry), CohortFile, CohortAccepted, Produced, By(Dana, SignOffApprove), Released];

    protected static Step[] ToUnderRenewal(DateOnly? expiry = null, int termMonths = 12) => [.. ToActive(expiry), AskToRenew(termMonths)];

    protected static Step[] ToSuspended(DateOnly? expiry = null) => [.. ToActive(expiry), By(Audrey, CriticalAudit)];

    /// <summary>The agreement expired and the certificate of destruction is due on <paramref name="due"/>.</summary>
    protected static Step[] ToAwaitingDestruction(DateOnly due)
    {
        var expiry = due.AddDays(-30);
        return [.. ToActive(expiry), new AgreementExpired(UkTime.StartOf(expiry)), By(SystemCaller, new DestructionCertificateDue(due))];
    }

    /// <summary>The same after the applicant withdrew once the data had been released.</summary>
    protected static Step[] ToAwaitingDestructionAfterWithdrawal() =>
        [.. ToActive(), new Withdrawn(null), By(SystemCaller, new DestructionCertificateDue(Today.AddDays(20)))];

    /// <summary>The <see cref="ScheduleTimer"/> effects of an accepted command, in order.</summary>
    protected static ScheduleTimer[] Timers(Scenario scenario) => [.. scenario.Accepted.Effects.OfType<ScheduleTimer>()];

    protected static ScheduleTimer Timer(string name, DateTimeOffset dueAt) => new(name, dueAt);
}
