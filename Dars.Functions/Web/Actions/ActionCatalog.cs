using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;

namespace Dars.Web.Actions;

/// <summary>
/// How a person gives each command in the browser: a title, what will happen (the confirmation), a
/// warning for what cannot be undone, and the fields of the event body with a notes field where the
/// event has one. Which actions are offered is never decided here: the page shows exactly
/// <see cref="Decider.Awaiting"/>, and the decider judges what is sent.
/// </summary>
public sealed record ActionDefinition(
    string Event,
    string Title,
    string Explanation,
    Func<Application, IReadOnlyList<ActionField>> Fields,
    string? Warning = null,
    bool Secondary = false);

public static class ActionCatalog
{
    private static TextField Notes(string label = "Notes (optional)") =>
        new("notes", label, "Recorded in the application's history", Long: true);

    private static TextField Reason(string hint) => new("reason", "Reason", hint, Long: true);

    private static readonly IReadOnlyDictionary<string, string> ApprovalNames = new Dictionary<string, string>
    {
        ["ons-accredited-researcher"] = "ONS accredited researcher",
        ["cag-section-251"] = "Confidentiality Advisory Group (section 251)",
        ["research-ethics"] = "Research ethics committee",
        ["advisory-group-for-data"] = "Advisory Group for Data (AGD)",
    };

    public static string ApprovalName(string type) => ApprovalNames.TryGetValue(type, out var name) ? name : type;

    private static readonly Dictionary<string, ActionDefinition> Definitions = new[]
    {
        new ActionDefinition(EventCatalog.NameOf<EnquiryResponse>(), "Respond to the enquiry",
            "Your advice is sent to the applicant and recorded. The enquiry stays open.",
            _ => [new TextField("advice", "Advice", "What the applicant should know before applying", Long: true)]),
        new ActionDefinition(EventCatalog.NameOf<EnquiryClosed>(), "Close the enquiry",
            "The enquiry closes. An application can still be started later as a new one.",
            _ => [Reason("Why the enquiry is closed")], Secondary: true),
        new ActionDefinition(EventCatalog.NameOf<OfficerReview>(), "Review the application",
            "Accept it for assessment (the service level clock starts), refer it back to the applicant for more information, or reject it.",
            a => [new ChoiceField("decision", "Decision", ReviewOptions(a)), Notes()]),
        new ActionDefinition(EventCatalog.NameOf<ExternalApprovalRequested>(), "Request an external approval",
            "The approval becomes pending: the service level clock pauses until it is recorded.",
            a => [new ChoiceField("approvalType", "Which approval", Vocabulary.ExternalApprovalTypes
                .Where(t => a.ExternalApprovals.All(x => x.ApprovalType != t || x.Status == ApprovalStatus.Refused))
                .Select(t => new ChoiceOption(t, ApprovalName(t))).ToArray()), Notes()]),
        new ActionDefinition(EventCatalog.NameOf<ExternalApprovalRecorded>(), "Record an external approval",
            "Records the outside body's answer to a pending request.",
            a => [
                new ChoiceField("approvalType", "Which approval", a.ExternalApprovals.Where(x => x.Status == ApprovalStatus.Pending)
                    .Select(x => new ChoiceOption(x.ApprovalType, ApprovalName(x.ApprovalType))).ToArray()),
                new ChoiceField("outcome", "Outcome", [new ChoiceOption("granted", "Granted"), new ChoiceOption("refused", "Refused")], Inline: true),
                new TextField("reference", "Reference", "The outside body's reference, for example REC 26/LO/0001", Width: "20"),
                new DateField("expiresOn", "Expires on (optional)"),
                Notes(),
            ]),
        new ActionDefinition(EventCatalog.NameOf<AssessmentCompleted>(), "Complete the assessment",
            "The application goes to an approver. You will not be able to decide its approval yourself.",
            _ => [Notes("Assessment summary (optional)")]),
        new ActionDefinition(EventCatalog.NameOf<ApprovalDecision>(), "Decide the approval",
            "Approve (the service level clock stops and the agreement is prepared), reject, or send it back for more assessment.",
            a => [new ChoiceField("decision", "Decision", [
                new ChoiceOption("approve", "Approve", null, [
                    new LinesField("conditions", "Conditions (optional)", "One condition on each line"),
                    new NumberField("approvedTermMonths", "Approved term in months (optional)",
                        $"At most the {a.Form?.RequestedTermMonths} months requested; leave empty to approve the requested term"),
                ]),
                new ChoiceOption("refer-back", "Send back for more assessment"),
                new ChoiceOption("reject", "Reject"),
            ]), Notes()]),
        new ActionDefinition(EventCatalog.NameOf<AgreementSignedByProvider>(), "Sign the agreement for NHS England",
            "The data sharing agreement is signed for the provider and goes to the applicant to sign.",
            _ => [new TextField("signatoryName", "Signatory's full name", Width: "20", Autocomplete: "name")]),
        new ActionDefinition(EventCatalog.NameOf<AgreementSignedByApplicant>(), "Sign the agreement",
            "You sign the data sharing agreement for your organisation. With the purchase order, the agreement starts.",
            _ => [new TextField("signatoryName", "Signatory's full name", Width: "20", Autocomplete: "name"),
                  new TextField("signatoryRole", "Signatory's role", "For example, Chief Investigator", Width: "20", Autocomplete: "organization-title")]),
        new ActionDefinition(EventCatalog.NameOf<PurchaseOrder>(), "Give the purchase order",
            "Your purchase order number pays for the data. With the signed agreement, the agreement starts.",
            _ => [new TextField("poNumber", "Purchase order number", "Up to 35 letters, digits, hyphens or slashes", Width: "20")]),
        new ActionDefinition(EventCatalog.NameOf<DataSignedOff>(), "Sign off the produced data",
            "Approve to release the data to the applicant, or reject to produce it again.",
            _ => [new ChoiceField("decision", "Decision", [new ChoiceOption("approve", "Approve and release"), new ChoiceOption("reject", "Reject and produce again")]), Notes()]),
        new ActionDefinition(EventCatalog.NameOf<RenewalRequested>(), "Request a renewal",
            "An approver decides whether the agreement is extended.",
            _ => [new NumberField("termMonths", "Extra months requested"), new TextField("justification", "Why you need longer", Long: true)]),
        new ActionDefinition(EventCatalog.NameOf<RenewalDecision>(), "Decide the renewal",
            "Approve to extend the agreement (a new expiry date is set), or reject to leave it as it is.",
            a => [new ChoiceField("decision", "Decision", [
                new ChoiceOption("approve", "Approve", null, [new NumberField("termMonths", "Months to extend by", a.Renewal is { } r ? $"The applicant asked for {r.TermMonths}" : null)]),
                new ChoiceOption("reject", "Reject"),
            ]), Notes()]),
        new ActionDefinition(EventCatalog.NameOf<AuditCompleted>(), "Record an audit",
            "Records the audit and its findings. A critical finding suspends access to the data.",
            _ => [new FindingsField("findings", "Findings"), Notes()]),
        new ActionDefinition(EventCatalog.NameOf<AuditFindingsClosed>(), "Close the audit findings",
            "The suspension ends and the data is released again.",
            _ => [Notes()]),
        new ActionDefinition(EventCatalog.NameOf<CertificateOfDestruction>(), "Submit the certificate of destruction",
            "You certify that every copy of the data is destroyed. The application closes.",
            _ => [new TextField("signatoryName", "Signatory's full name", Width: "20", Autocomplete: "name"),
                  new TextField("signatoryRole", "Signatory's role", Width: "20", Autocomplete: "organization-title"),
                  new DateField("destroyedOn", "Date the data was destroyed"),
                  new TextField("method", "Method of destruction", "For example, secure erasure to NIST 800-88", Long: true),
                  new ConfirmField("allCopiesDestroyed", "All copies of the data, including backups, are destroyed", "Confirmation")]),
        new ActionDefinition(EventCatalog.NameOf<Withdrawn>(), "Withdraw the application",
            "The application closes. If data was released, you will need to send a certificate of destruction.",
            _ => [Reason("Why you are withdrawing")], Warning: "You cannot undo a withdrawal.", Secondary: true),
        new ActionDefinition(EventCatalog.NameOf<Terminated>(), "Terminate the application",
            "The application closes and any access to data is revoked.",
            _ => [Reason("Why it is terminated; the applicant is told")], Warning: "You cannot undo a termination.", Secondary: true),
        new ActionDefinition(EventCatalog.NameOf<ActivityRetried>(), "Retry the failed activity",
            "DARS runs the activity that failed again.",
            _ => [Notes()]),
    }.ToDictionary(d => d.Event, StringComparer.Ordinal);

    /// <summary>Events whose body is the application itself: they are given on the application form.</summary>
    public static readonly IReadOnlySet<string> FormEvents = new HashSet<string>
    {
        EventCatalog.NameOf<ApplicationSubmitted>(), EventCatalog.NameOf<Resubmission>(),
    };

    public static string CohortUpload => EventCatalog.NameOf<CohortUploaded>();

    public static ActionDefinition? Find(string eventName) => Definitions.GetValueOrDefault(eventName);

    public static string TitleOf(string eventName) => eventName switch
    {
        _ when Definitions.TryGetValue(eventName, out var d) => d.Title,
        "application-submitted" => "Turn the enquiry into an application",
        "resubmission" => "Respond to the refer-back",
        "cohort-uploaded" => "Upload the cohort",
        _ => Display.Kebab(eventName),
    };

    public static bool IsSecondary(string eventName) => Definitions.TryGetValue(eventName, out var d) && d.Secondary;

    private static IReadOnlyList<ChoiceOption> ReviewOptions(Application a)
    {
        var referBack = new ChoiceOption("refer-back", "Refer back to the applicant", "The clock pauses until they respond",
            [new LinesField("requiredInformation", "What the applicant needs to provide", "One item on each line")]);
        var reject = new ChoiceOption("reject", "Reject", "The application closes");
        return a.State == State.AwaitingInitialReview
            ? [new ChoiceOption("accept", "Accept for assessment", "The service level clock starts"), referBack, reject]
            : [referBack, reject];
    }
}
