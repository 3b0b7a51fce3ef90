using System.Text.Json.Serialization;
using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle;

/// <summary>
/// An application's current state: a fold of its history (<see cref="Decider.Evolve"/>), stored as a
/// snapshot beside the events so a command needs no replay.
/// </summary>
public sealed record Application
{
    public string Id { get; init; } = "";
    public State State { get; init; } = State.New;
    public Outcome? Outcome { get; init; }
    public long Version { get; init; }
    public string? Title { get; init; }
    public OrganisationDetails? Organisation { get; init; }
    public ContactDetails? Contact { get; init; }

    /// <summary>The enquiry's question, while the instance began as an enquiry.</summary>
    public string? Question { get; init; }

    /// <summary>The application as it stands after every resubmission.</summary>
    public ApplicationForm? Form { get; init; }

    /// <summary>Whether a case officer has ever accepted it: decides where a resubmission returns to.</summary>
    public bool EverAccepted { get; init; }

    /// <summary>Whether data was ever released: decides whether withdrawal needs a certificate of destruction.</summary>
    public bool EverReleased { get; init; }

    /// <summary>What the last refer-back asked for, until the applicant resubmits.</summary>
    public IReadOnlyList<string> RequiredInformation { get; init; } = [];

    public IReadOnlyList<ExternalApproval> ExternalApprovals { get; init; } = [];

    /// <summary>The case officer who completed the assessment; may not decide its approval.</summary>
    public string? AssessedBy { get; init; }

    public SlaClock Sla { get; init; } = new();

    /// <summary>The last SLA status the daily check marked (at-risk, breached), so each is announced once.</summary>
    public string? SlaMark { get; init; }

    public Agreement Agreement { get; init; } = new();
    public CohortRecord Cohort { get; init; } = new();
    public ProductionRecord Production { get; init; } = new();
    public ReleaseRecord Release { get; init; } = new();
    public DestructionRecord Destruction { get; init; } = new();
    public RenewalRequest? Renewal { get; init; }

    /// <summary>The latest activity that failed for good since the last <c>retry-activity</c>, as the status shows it.</summary>
    public ActivityFailure? Failure { get; init; }

    /// <summary>Those that failed before <see cref="Failure"/> since the last retry, oldest first: the retry runs them all again.</summary>
    public IReadOnlyList<ActivityFailure> EarlierFailures { get; init; } = [];

    /// <summary>Every activity the next <c>retry-activity</c> runs again, oldest first.</summary>
    [JsonIgnore]
    public IReadOnlyList<ActivityFailure> Failures => Failure is null ? [] : [.. EarlierFailures, Failure];

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }

    [JsonIgnore]
    public Stage Stage => State.StageOf();

    [JsonIgnore]
    public string? ExternalReference => Form?.ExternalReference;
}
