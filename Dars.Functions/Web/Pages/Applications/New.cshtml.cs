using System.Text.Json;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Applications;

/// <summary>
/// The application form, a page per topic and a check-your-answers page: a new application
/// (<see cref="ApplicationRuntime.SubmitAsync"/>, as <c>POST /api/applications</c>), an enquiry turned
/// into an application (<c>application-submitted</c>), or the answer to a refer-back (<c>resubmission</c>,
/// sending only what changed; it opens on the check page). The answers travel with the form from page to
/// page (nothing is stored before the end). Each page shows the decider's own field errors for its
/// answers (<see cref="Decider.Decide"/> asked as a dry run: the rules are never copied here); the
/// final submit goes through the runtime, and its 422 errors link to the page that holds each field.
/// </summary>
public sealed class NewModel(ApplicationRuntime runtime, WebDatasets datasets, DecisionContextSource contexts) : DarsPage
{
    /// <summary>One page of the form, with the fields (and their sub-fields) it owns.</summary>
    public sealed record FormStep(int Number, string Title, string[] Prefixes)
    {
        public bool Owns(string key) => Prefixes.Any(p => key == p || key.StartsWith(p + ".", StringComparison.Ordinal)
            || key.StartsWith(p + "-", StringComparison.Ordinal) || key.StartsWith(p + "[", StringComparison.Ordinal));
    }

    public static readonly IReadOnlyList<FormStep> Steps =
    [
        new(1, "Your organisation", ["organisation", "contact"]),
        new(2, "Your project", ["title", "purpose", "benefits", "purposeCategory"]),
        new(3, "The data", ["datasets", "fields", "objectionExemption", "cohortRequired", "accessMode"]),
        new(4, "Legal basis", ["legalBasis", "externalApprovals"]),
        new(5, "Security", ["security", "processingLocations"]),
        new(6, "When and how long", ["requestedStartDate", "requestedTermMonths", "externalReference"]),
    ];

    public const int CheckStep = 7;
    private static readonly HashSet<string> ControlKeys = ["step", "action", "returnToCheck", "submitted", "idempotencyKey", "seenState"];

    /// <summary>The page shown: 1 to 6, or <see cref="CheckStep"/>.</summary>
    public int Step { get; private set; } = 1;
    public bool ReturnToCheck { get; private set; }
    public bool Submitted { get; private set; }

    public static int StepOf(string field) => Steps.FirstOrDefault(s => s.Owns(field))?.Number ?? CheckStep;

    public static readonly IReadOnlyList<(string Value, string Label)> Article6 =
    [
        ("6(1)(a)", "6(1)(a) consent"), ("6(1)(b)", "6(1)(b) contract"), ("6(1)(c)", "6(1)(c) legal obligation"),
        ("6(1)(d)", "6(1)(d) vital interests"), ("6(1)(e)", "6(1)(e) public task"), ("6(1)(f)", "6(1)(f) legitimate interests"),
    ];

    /// <summary>
    /// The "None" choice of Article 9: a value of its own, because an empty one is no answer to the form and so was
    /// never shown as chosen when the page came back. The application itself has no Article 9 condition (null).
    /// </summary>
    private const string NoArticle9 = "none";

    private string? Article9Given() => Form.Trimmed("legalBasis.article9") is { } chosen && chosen != NoArticle9 ? chosen : null;

    public static readonly IReadOnlyList<(string Value, string Label)> Article9 =
    [
        (NoArticle9, "None: no special category data"), ("9(2)(a)", "9(2)(a) explicit consent"), ("9(2)(h)", "9(2)(h) health or social care"),
        ("9(2)(i)", "9(2)(i) public health"), ("9(2)(j)", "9(2)(j) archiving, research or statistics"),
    ];

    public static readonly IReadOnlyList<string> Locations = ["England", "Wales", "Scotland", "Northern Ireland"];

    public WebForm Form { get; private set; } = new();
    public IReadOnlyList<DatasetDefinition> Datasets { get; private set; } = [];

    /// <summary>The application this form acts on (an enquiry, or a referred-back application), or null for a new one.</summary>
    public Application? Existing { get; private set; }
    public string? Event { get; private set; }
    public string? Problem { get; private set; }

    public bool IsResubmission => Event == EventCatalog.NameOf<Resubmission>();

    public async Task<IActionResult> OnGetAsync(string? from, string? @event, CancellationToken ct)
    {
        if (await Load(from, @event, ct) is { } missing) return missing;
        if (Existing?.Form is { } form) Write(form);
        else
        {
            Form.Set("organisation.name", Existing?.Organisation?.Name).Set("contact.name", Existing?.Contact?.Name)
                .Set("contact.email", Existing?.Contact?.Email).Set("title", Existing?.Title)
                .Set("externalReference", $"DARS-WEB-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}");
        }
        Form.Set("seenState", Existing?.State.ToString());
        Step = IsResubmission ? CheckStep : 1;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? from, string? @event, CancellationToken ct)
    {
        if (await Load(from, @event, ct) is { } missing) return missing;
        Form = WebForm.From(Request.Form);
        RegisterLabels();
        var current = int.TryParse(Form.Value("step"), out var n) && n is >= 1 and <= CheckStep ? n : 1;
        ReturnToCheck = Form.Value("returnToCheck") == "true";
        Submitted = Form.Value("submitted") == "true";
        var action = Form.Value("action");

        if (action == "back")
        {
            Step = Math.Max(1, current - 1);
            return Page();
        }
        if (action.StartsWith("change-", StringComparison.Ordinal) && int.TryParse(action[7..], out var change) && change is >= 1 and < CheckStep)
        {
            Step = change;
            ReturnToCheck = true;
            if (Submitted) await CheckStepAsync(change, ct);
            return Page();
        }
        if (action != "submit" || current != CheckStep)
        {
            // Continue: the decider's answer on this page's fields decides whether the person moves on.
            Step = current;
            if (current < CheckStep && await CheckStepAsync(current, ct)) return Page();
            Step = ReturnToCheck || current >= CheckStep - 1 ? CheckStep : current + 1;
            return Page();
        }

        Step = CheckStep;
        Submitted = true;
        Form.LinkFor = field => $"change-{StepOf(field)}";
        var form = Read();
        if (Form.HasErrors) return Page();

        CommandOutcome outcome;
        if (Existing is null)
            outcome = await runtime.SubmitAsync(new ApplicationSubmitted(form), Caller, ct);
        else
        {
            EventData data = IsResubmission ? new Resubmission(Changes(Existing.Form!, form)) : new ApplicationSubmitted(form);
            // The whole form, not the changes it makes: those are worked out against the application as it is now,
            // so after a first sending the same form would make none and look like another request.
            var options = new RaiseOptions(Form.Trimmed("idempotencyKey") is { Length: <= 200 } k ? k : null,
                RowKeys.Hash(Event + "\n" + DarsJson.Serialize(form)));
            if (Form.Trimmed("seenState") is { } seen && seen != Existing.State.ToString())
            {
                // Sent twice (a second click): the first sending is what moved the application on.
                outcome = await runtime.ReplayAsync(Existing.Id, options, ct) ?? new PreconditionFailed(Existing);
            }
            else outcome = await runtime.RaiseAsync(Existing.Id, new Command(data, Caller), options, ct);
        }

        switch (outcome)
        {
            case Applied { State: var state } when Existing is null:
                Success = $"Application {state.Id} submitted. A case officer will review it.";
                return Redirect($"/applications/{state.Id}");
            // A form sent twice (Replayed) is shown as it is now, after its first sending.
            case Applied or Replayed when Existing is not null:
                var now = outcome is Applied { State: var applied } ? applied : Existing;
                Success = $"{(IsResubmission ? "Your changes were sent" : "Application submitted")}. The application is now {Display.State(now.State).ToLowerInvariant()}.";
                return Redirect($"/applications/{now.Id}");
            case Replayed { State: var existing }:
                Success = $"Application {existing.Id} was already submitted with this reference.";
                return Redirect($"/applications/{existing.Id}");
            case Refused { Rejection.Kind: RejectionKind.Invalid } refused:
                Form.AddErrors(refused.Rejection.Errors, "title");
                if (refused.Rejection.Errors is null or { Count: 0 }) Form.AddError("title", refused.Rejection.Detail);
                return Page();
            case Refused refused:
                Problem = refused.Rejection.Detail;
                return Page();
            case ExternalReferenceTaken taken:
                Form.AddError("externalReference", $"Your organisation already used this reference for {taken.ExistingId}. Use a new one.");
                return Page();
            case PreconditionFailed failed:
                Problem = $"The application changed while you had this page open: it is now {Display.State(failed.State.State).ToLowerInvariant()}. Check it before sending changes.";
                return Page();
            case IdempotencyKeyReused:
                Problem = "This form was already sent with different answers. Open it again to send new ones.";
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>Asks the decider about the whole form as it stands and keeps the errors of one page; true if there are any.</summary>
    private async Task<bool> CheckStepAsync(int step, CancellationToken ct)
    {
        var form = Read();
        if (!Form.HasErrors)
        {
            EventData data = Existing is null || !IsResubmission ? new ApplicationSubmitted(form) : new Resubmission(Changes(Existing.Form!, form));
            var state = Existing ?? new Application();
            if (Decider.Decide(new Command(data, Caller), state, await contexts.CreateAsync(ct)) is Rejected { Kind: RejectionKind.Invalid } rejected)
                // "Change at least one answer" is for the end, not for each page.
                Form.AddErrors(rejected.Errors?.Where(e => e.Key != "changes").ToDictionary(), "title");
        }
        Form.KeepErrors(field => StepOf(field) == step);
        return Form.HasErrors;
    }

    /// <summary>The answers of one page as the check page lists them.</summary>
    public IReadOnlyList<(string Label, string Value)> Answers(int step)
    {
        string Of(string key) => Form.Trimmed(key) ?? "Not given";
        string Words(string key) => Form.Trimmed(key) is { } v ? Display.Kebab(v) : "Not given";
        string List(string key) => Form.Values(key) is { Count: > 0 } values ? string.Join(", ", values.Select(Display.Kebab)) : "None";
        return step switch
        {
            1 => [("Organisation", $"{Of("organisation.name")} ({Existing?.Organisation?.OdsCode ?? Caller.Organisation})"),
                  ("Contact", $"{Of("contact.name")}, {Of("contact.email")}")],
            2 => [("Title", Of("title")), ("Purpose", Of("purpose")), ("Benefits", Of("benefits")), ("Purpose category", Words("purposeCategory"))],
            3 => [("Datasets", Form.Values("datasets") is { Count: > 0 } ids
                      ? string.Join("; ", ids.Select(id => $"{id}: {string.Join(", ", Form.Values($"fields.{id}"))}")) : "None"),
                  ("Patient objections", Form.Value("objectionExemption") switch
                  {
                      "none" => "Upheld", "consent" => "Not applied: participants consented",
                      "not-identifiable" => "Not applied: the data is not identifiable", _ => "Not given",
                  }),
                  ("Cohort", Form.Value("cohortRequired") switch { "true" => "Yes, a cohort will be sent", "false" => "No cohort", _ => "Not given" }),
                  ("Access", Words("accessMode"))],
            4 => [("Article 6", Of("legalBasis.article6")), ("Article 9", Article9Given() ?? "None"),
                  ("Common law duty", Words("legalBasis.commonLawDuty") + (Form.Value("legalBasis.commonLawDuty") == "section-251" ? $" ({Of("legalBasis.section251Reference")})" : "")),
                  ("External approvals", List("externalApprovals"))],
            5 => [("DSPT status", Words("security.dsptStatus")), ("ISO 27001", Form.Trimmed("security.iso27001") ?? "None"),
                  ("Processing locations", Form.Values("processingLocations") is { Count: > 0 } places ? string.Join(", ", places) : "None")],
            6 => [("Start date", Nhs.ReadDate(Form, "requestedStartDate", "Start date") is ({ } d, null) ? Display.Date(d) : "Not given"),
                  ("Term", Form.Trimmed("requestedTermMonths") is { } t ? $"{t} months" : "Not given"),
                  ("Your reference", Existing?.ExternalReference ?? Of("externalReference"))],
            _ => [],
        };
    }

    /// <summary>The answers of the other pages, carried as hidden fields.</summary>
    public IEnumerable<(string Name, string Value)> Carried() =>
        Form.All.Where(kv => !ControlKeys.Contains(kv.Key) && (Step == CheckStep || StepOf(kv.Key) != Step))
            .SelectMany(kv => kv.Value.Select(v => (kv.Key, v ?? "")));

    private async Task<IActionResult?> Load(string? from, string? @event, CancellationToken ct)
    {
        Datasets = await datasets.ListAsync(ct);
        if (from is null) return Caller.Has(Role.Applicant) ? null : Forbid();
        if (@event != EventCatalog.NameOf<Resubmission>() && @event != EventCatalog.NameOf<ApplicationSubmitted>()) return NotFound();
        if (await runtime.GetAsync(from, Caller, ct) is not { } existing) return NotFound();
        Existing = existing;
        Event = @event;
        if (!Decider.Awaiting(existing, Caller).Contains(@event))
            Problem = $"You cannot {(IsResubmission ? "respond to a refer-back" : "submit an application")} while it is {Display.State(existing.State).ToLowerInvariant()}.";
        if (IsResubmission && existing.Form is null) return NotFound();
        return null;
    }

    /// <summary>Labels first, and where the decider's error keys land (datasets[0].fields[1] on that dataset's fields).</summary>
    private void RegisterLabels()
    {
        var labels = new Dictionary<string, string>
        {
            ["organisation.odsCode"] = "Organisation ODS code", ["organisation.name"] = "Organisation name", ["contact.name"] = "Contact name",
            ["contact.email"] = "Contact email", ["title"] = "Title", ["purpose"] = "Purpose", ["benefits"] = "Benefits",
            ["purposeCategory"] = "Purpose category", ["datasets"] = "Datasets", ["legalBasis.article6"] = "Article 6 lawful basis",
            ["legalBasis.article9"] = "Article 9 condition", ["legalBasis.commonLawDuty"] = "Common law duty of confidentiality",
            ["legalBasis.section251Reference"] = "Section 251 reference", ["security.dsptStatus"] = "DSPT status",
            ["security.improvementPlan"] = "Improvement plan", ["security.iso27001"] = "ISO 27001 certificate",
            ["processingLocations"] = "Processing locations", ["accessMode"] = "Access", ["cohortRequired"] = "Cohort",
            ["externalApprovals"] = "External approvals", ["objectionExemption"] = "Patient objections",
            ["requestedStartDate"] = "Requested start date", ["requestedTermMonths"] = "Requested term", ["externalReference"] = "Your reference",
        };
        foreach (var (key, label) in labels) Form.Labels[key] = label;
        foreach (var d in Datasets) Form.Labels[$"fields.{d.Id}"] = $"Fields of {d.Id}";
        var chosen = Form.Values("datasets").ToArray();
        Form.ResolveField = key =>
        {
            if (key == "organisation" || key == "organisation.odsCode") return "organisation.name";
            if (key == "legalBasis") return "legalBasis.article6";
            if (key == "security") return "security.dsptStatus";
            if (key == "contact") return "contact.name";
            if (key == "changes") return "title";
            if (!key.StartsWith("datasets[", StringComparison.Ordinal)) return null;
            var close = key.IndexOf(']');
            if (!int.TryParse(key[9..close], out var i) || i >= chosen.Length) return "datasets";
            return key[(close + 1)..].StartsWith(".fields", StringComparison.Ordinal) ? $"fields.{chosen[i]}" : "datasets";
        };
    }

    private ApplicationForm Read()
    {
        var (start, dateError) = Nhs.ReadDate(Form, "requestedStartDate", "Requested start date");
        if (dateError is not null) Form.AddError("requestedStartDate", dateError);
        int? term = null;
        if (Form.Trimmed("requestedTermMonths") is { } t)
        {
            if (int.TryParse(t, out var months)) term = months;
            else Form.AddError("requestedTermMonths", "Requested term must be a whole number of months, like 24");
        }
        var ods = Existing?.Organisation?.OdsCode ?? Caller.Organisation;
        return new ApplicationForm
        {
            Organisation = new OrganisationDetails(ods, Form.Trimmed("organisation.name")),
            Contact = new ContactDetails(Form.Trimmed("contact.name"), Form.Trimmed("contact.email")),
            Title = Form.Trimmed("title"),
            Purpose = Form.Trimmed("purpose"),
            Benefits = Form.Trimmed("benefits"),
            PurposeCategory = Form.Trimmed("purposeCategory"),
            Datasets = Form.Values("datasets").Select(id => new DatasetRequest(id, Form.Values($"fields.{id}").ToArray())).ToArray(),
            LegalBasis = new LegalBasis(Form.Trimmed("legalBasis.article6"), Article9Given(), Form.Trimmed("legalBasis.commonLawDuty"),
                Form.Trimmed("legalBasis.commonLawDuty") == "section-251" ? Form.Trimmed("legalBasis.section251Reference") : null),
            Security = new SecurityAssurance(Form.Trimmed("security.dsptStatus"),
                Form.Trimmed("security.dsptStatus") == "not-met-with-plan" ? Form.Trimmed("security.improvementPlan") : null, Form.Trimmed("security.iso27001")),
            ProcessingLocations = Form.Values("processingLocations").ToArray(),
            AccessMode = Form.Trimmed("accessMode"),
            CohortRequired = Form.Value("cohortRequired") switch { "true" => true, "false" => false, _ => null },
            ExternalApprovals = Form.Values("externalApprovals").ToArray(),
            ObjectionExemption = Form.Trimmed("objectionExemption"),
            RequestedStartDate = start,
            RequestedTermMonths = term,
            ExternalReference = Existing?.ExternalReference ?? Form.Trimmed("externalReference"),
        };
    }

    private void Write(ApplicationForm form)
    {
        Form.Set("organisation.name", form.Organisation?.Name).Set("contact.name", form.Contact?.Name).Set("contact.email", form.Contact?.Email)
            .Set("title", form.Title).Set("purpose", form.Purpose).Set("benefits", form.Benefits).Set("purposeCategory", form.PurposeCategory)
            .Set("datasets", (form.Datasets ?? []).Select(d => d.Id ?? ""))
            .Set("legalBasis.article6", form.LegalBasis?.Article6).Set("legalBasis.article9", form.LegalBasis is null ? null : form.LegalBasis.Article9 ?? NoArticle9)
            .Set("legalBasis.commonLawDuty", form.LegalBasis?.CommonLawDuty).Set("legalBasis.section251Reference", form.LegalBasis?.Section251Reference)
            .Set("security.dsptStatus", form.Security?.DsptStatus).Set("security.improvementPlan", form.Security?.ImprovementPlan)
            .Set("security.iso27001", form.Security?.Iso27001).Set("processingLocations", form.ProcessingLocations ?? [])
            .Set("accessMode", form.AccessMode).Set("cohortRequired", form.CohortRequired switch { true => "true", false => "false", _ => null })
            .Set("externalApprovals", form.ExternalApprovals ?? []).Set("objectionExemption", form.ObjectionExemption)
            .Set("requestedTermMonths", form.RequestedTermMonths?.ToString()).Set("externalReference", form.ExternalReference);
        foreach (var d in form.Datasets ?? []) Form.Set($"fields.{d.Id}", d.Fields ?? []);
        Nhs.WriteDate(Form, "requestedStartDate", form.RequestedStartDate);
    }

    /// <summary>A resubmission carries only the members that changed.</summary>
    private static ApplicationForm Changes(ApplicationForm before, ApplicationForm after)
    {
        T? Changed<T>(T? was, T? now) => JsonSerializer.Serialize(was, DarsJson.Options) == JsonSerializer.Serialize(now, DarsJson.Options) ? default : now;
        return new ApplicationForm
        {
            Organisation = Changed(before.Organisation, after.Organisation),
            Contact = Changed(before.Contact, after.Contact),
            Title = Changed(before.Title, after.Title),
            Purpose = Changed(before.Purpose, after.Purpose),
            Benefits = Changed(before.Benefits, after.Benefits),
            PurposeCategory = Changed(before.PurposeCategory, after.PurposeCategory),
            Datasets = Changed(before.Datasets, after.Datasets),
            LegalBasis = Changed(before.LegalBasis, after.LegalBasis),
            Security = Changed(before.Security, after.Security),
            ProcessingLocations = Changed(before.ProcessingLocations, after.ProcessingLocations),
            AccessMode = Changed(before.AccessMode, after.AccessMode),
            CohortRequired = JsonSerializer.Serialize(before.CohortRequired) == JsonSerializer.Serialize(after.CohortRequired) ? null : after.CohortRequired,
            ExternalApprovals = Changed(before.ExternalApprovals, after.ExternalApprovals),
            ObjectionExemption = Changed(before.ObjectionExemption, after.ObjectionExemption),
            RequestedStartDate = before.RequestedStartDate == after.RequestedStartDate ? null : after.RequestedStartDate,
            RequestedTermMonths = before.RequestedTermMonths == after.RequestedTermMonths ? null : after.RequestedTermMonths,
        };
    }
}
