using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;
using Xunit.Sdk;

namespace Dars.Tests.Lifecycle;

/// <summary>One event of a <c>Given</c> history and who raised it (null: the usual party for that event).</summary>
public sealed record Step(Caller? Caller, EventData Data)
{
    public static implicit operator Step(EventData data) => new(null, data);
}

/// <summary>
/// Given/When/Then over the pure decider (STYLE.md, "From REMS"): a history is folded into the state,
/// one command is decided at a fixed time, and the outcome is checked as data.
/// </summary>
public abstract class DeciderSpec
{
    /// <summary>A Monday morning in UK winter time (UTC = UK local), so "today" is plain.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>The <c>Given</c> history starts a week before <see cref="Now"/>, one event an hour.</summary>
    public static readonly DateTimeOffset HistoryStart = Now.AddDays(-7);

    protected const string Org = "X26";
    protected const string Reference = "ref-1";

    public static readonly Caller Alice = new("alice", Role.Applicant, Org);
    public static readonly Caller Yusuf = new("yusuf", Role.Applicant, "Y27");
    public static readonly Caller Olivia = new("olivia", Role.CaseOfficer);
    public static readonly Caller Arthur = new("arthur", Role.Approver);
    public static readonly Caller Dana = new("dana", Role.DataProducer);
    public static readonly Caller Audrey = new("audrey", Role.Auditor);
    public static readonly Caller SystemCaller = Caller.System;

    /// <summary>When the <paramref name="index"/>-th (0-based) event of a <c>Given</c> history was recorded.</summary>
    public static DateTimeOffset At(int index) => HistoryStart.AddHours(index);

    protected static Scenario Given(params Step[] history) => new(history);

    protected static Step By(Caller caller, EventData data) => new(caller, data);

    // ---- events, named as the lifecycle reads ----

    protected static EnquirySubmitted Enquiry(string org = Org) =>
        new(new OrganisationDetails(org, "Example University"), new ContactDetails("Dr A Researcher", "a.researcher@example.ac.uk"),
            "Can we study heart failure readmissions?", "Which datasets would we need for 30-day readmissions?");

    protected static ApplicationForm ValidForm(params string[] approvals) => Forms.Valid(Today, Org, Reference, approvals);

    protected static ApplicationSubmitted Submitted(params string[] approvals) => new(ValidForm(approvals));

    protected static ApplicationSubmitted Submission(ApplicationForm form) => new(form);

    protected static readonly OfficerReview Accept = new(OfficerReview.Accept, null, null);
    protected static readonly OfficerReview Reject = new(OfficerReview.Reject, null, "Out of scope.");

    protected static OfficerReview ReferBack(params string[] requiredInformation) =>
        new(OfficerReview.ReferBack, requiredInformation.Length == 0 ? ["A data flow diagram"] : requiredInformation, null);

    protected static Resubmission Resubmit(ApplicationForm changes) => new(changes);

    protected static Resubmission ResubmitTitle(string title = "Heart failure readmissions, revised") => new(new ApplicationForm { Title = title });

    protected static ExternalApprovalRequested Requested(string type) => new(type, null);

    protected static ExternalApprovalRecorded Granted(string type, string reference = "REF-123", DateOnly? expiresOn = null) =>
        new(type, ExternalApprovalRecorded.Granted, reference, expiresOn, null);

    protected static ExternalApprovalRecorded Refused(string type, string reference = "REF-123") =>
        new(type, ExternalApprovalRecorded.Refused, reference, null, null);

    protected static readonly AssessmentCompleted Assessed = new("All checks done.");

    protected static readonly SendNotification FailedNotice = new("application-received", "applicant", "The application was received for initial review.");

    protected static ActivityFailed Failed(Effect? effect = null) => new("send-notification", "SMTP relay refused the message", 5, effect ?? FailedNotice);

    /// <summary>Asserts two values are equal as DARS stores them (records holding lists compare by content).</summary>
    protected static void AssertJsonEqual<T>(T expected, T actual) => Assert.Equal(DarsJson.Serialize(expected), DarsJson.Serialize(actual));
}

/// <summary>A history folded into a state, then one command decided at <see cref="DeciderSpec"/>'s fixed time.</summary>
public sealed class Scenario
{
    private const string Id = "app-1";

    private Caller? _caller;
    private Decision? _decision;

    public Scenario(IReadOnlyList<Step> history)
    {
        History = history.Select((step, i) =>
        {
            var caller = step.Caller ?? UsualCaller(step.Data);
            return new RecordedEvent(i + 1, DeciderSpec.At(i), ActorFor(caller, step.Data), step.Data);
        }).ToArray();
        State = Decider.Fold(Id, History);
    }

    public IReadOnlyList<RecordedEvent> History { get; }

    /// <summary>The state the command is decided against.</summary>
    public Application State { get; }

    public DecisionContext Context { get; private set; } = new(DeciderSpec.Now, Forms.Catalogue, new LifecycleOptions());

    public Scenario WithCatalogue(DatasetCatalogue catalogue)
    {
        Context = Context with { Datasets = catalogue };
        return this;
    }

    /// <summary>Decide with this context instead (another instant, calendar or options).</summary>
    public Scenario WithContext(DecisionContext context)
    {
        Context = context;
        return this;
    }

    /// <summary>Decide at <paramref name="now"/> instead of <see cref="DeciderSpec.Now"/> (e.g. when a timer falls due).</summary>
    public Scenario WithNow(DateTimeOffset now)
    {
        Context = Context with { Now = now };
        return this;
    }

    public Scenario When(EventData data, Caller caller)
    {
        _caller = caller;
        _decision = Decider.Decide(new Command(data, caller), State, Context);
        return this;
    }

    public Decision Decision => _decision ?? throw new XunitException("No When(...) was given.");

    public Accepted Accepted => Decision as Accepted
        ?? throw new XunitException($"Expected the command to be accepted, but it was rejected: {Describe(Decision)}");

    public Rejected Rejected => Decision as Rejected
        ?? throw new XunitException($"Expected a rejection, but it was accepted with: {string.Join("; ", ((Accepted)Decision).Events.Select(Show))}");

    /// <summary>The state after recording the accepted events at the fixed time, as the acting role.</summary>
    public Application After
    {
        get
        {
            var accepted = Accepted;
            var actor = new Actor(_caller!.Id, accepted.ActingRole);
            return accepted.Events
                .Select((e, i) => new RecordedEvent(State.Version + i + 1, DeciderSpec.Now, actor, e))
                .Aggregate(State, Decider.Evolve);
        }
    }

    /// <summary>Exactly these events, in order (compared as stored JSON, so lists compare by content).</summary>
    public Scenario Then(params EventData[] expected)
    {
        Assert.Equal(expected.Select(Show), Accepted.Events.Select(Show));
        return this;
    }

    /// <summary>Rejected with this kind; for <see cref="RejectionKind.Invalid"/> with a field, exactly that one field in error.</summary>
    public Scenario ThenRejected(RejectionKind kind, string? field = null)
    {
        var rejected = Rejected;
        Assert.True(kind == rejected.Kind, $"Expected {kind} but was {Describe(rejected)}");
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail));
        if (field is not null) Assert.Equal([field], ErrorKeys(rejected));
        if (kind != RejectionKind.Invalid) Assert.Empty(ErrorKeys(rejected));
        return this;
    }

    /// <summary>Rejected as Invalid with exactly these fields in error (any order).</summary>
    public Scenario ThenInvalid(params string[] fields)
    {
        var rejected = Rejected;
        Assert.True(rejected.Kind == RejectionKind.Invalid, $"Expected Invalid but was {Describe(rejected)}");
        Assert.Equal(fields.Order(StringComparer.Ordinal), ErrorKeys(rejected));
        return this;
    }

    public Scenario ThenEffects(params Effect[] expected)
    {
        Assert.Equal(expected.Select(e => DarsJson.Serialize(e)), Accepted.Effects.Select(e => DarsJson.Serialize(e)));
        return this;
    }

    /// <summary>The effects are exactly these notifications (template, recipient), in order.</summary>
    public Scenario ThenNotifies(params (string Template, string Recipient)[] expected)
    {
        Assert.Equal(expected, Accepted.Effects.Select(e => e is SendNotification n ? (n.Template, n.Recipient) : (e.Activity, "?")));
        return this;
    }

    public Scenario ThenActingRole(Role role)
    {
        Assert.Equal(role, Accepted.ActingRole);
        return this;
    }

    public Scenario ThenState(Action<Application> assert)
    {
        assert(After);
        return this;
    }

    private static string[] ErrorKeys(Rejected rejected) => (rejected.Errors?.Keys ?? []).Order(StringComparer.Ordinal).ToArray();

    private static string Show(EventData e) => $"{EventCatalog.NameOf(e)} {DarsJson.SerializeEvent(e)}";

    private static string Describe(Decision decision) => decision switch
    {
        Rejected r => $"{r.Kind}: {r.Detail}" + (r.Errors is { Count: > 0 } errors
            ? " {" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) + "}"
            : ""),
        Accepted a => "accepted: " + string.Join("; ", a.Events.Select(Show)),
        _ => decision.ToString(),
    };

    /// <summary>Who usually raises the event: the applicant alice of X26, the case officer olivia, or DARS itself.</summary>
    private static Caller UsualCaller(EventData data)
    {
        var roles = Transitions.RolesFor(EventCatalog.NameOf(data)).ToArray();
        return roles.Contains(Role.Applicant) ? DeciderSpec.Alice
            : roles.Contains(Role.CaseOfficer) ? DeciderSpec.Olivia
            : roles.Contains(Role.System) ? Caller.System
            : new Caller("arthur", roles.FirstOrDefault(Role.Approver));
    }

    private static Actor ActorFor(Caller caller, EventData data)
    {
        var permitted = Transitions.RolesFor(EventCatalog.NameOf(data)).ToArray();
        return new Actor(caller.Id, permitted.FirstOrDefault(caller.Has, caller.Roles.First()));
    }
}
