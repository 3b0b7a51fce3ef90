namespace Dars.Lifecycle;

/// <summary>Roles of LIFECYCLE.md, as they appear in the JWT <c>roles</c> claim.</summary>
public enum Role { Applicant, CaseOfficer, Approver, DataProducer, Auditor, System }

/// <summary>Who an event is recorded against: the subject id and the role it acted in.</summary>
public sealed record Actor(string Id, Role Role)
{
    public static readonly Actor System = new("dars", Role.System);
}

/// <summary>
/// The person (or the system) giving a command: a subject may hold several roles; the decider
/// records the one that allowed the event.
/// </summary>
public sealed record Caller(string Id, IReadOnlySet<Role> Roles, string? Organisation = null)
{
    public static readonly Caller System = new(Actor.System.Id, new HashSet<Role> { Role.System });

    public Caller(string id, Role role, string? organisation = null)
        : this(id, new HashSet<Role> { role }, organisation) { }

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>Applicants see only their own organisation's applications; every other role sees all.</summary>
    public bool CanSee(Application application) => On(application).Roles.Count > 0;

    /// <summary>
    /// The roles this caller holds on <paramref name="application"/>: the Applicant role only on its own organisation's
    /// (or on one not yet submitted), so that a person who is also, say, an auditor cannot act as the applicant of
    /// another organisation's application.
    /// </summary>
    public Caller On(Application application) =>
        Has(Role.Applicant) && application.Organisation?.OdsCode is { } owner
            && !string.Equals(owner, Organisation, StringComparison.OrdinalIgnoreCase)
            ? this with { Roles = Roles.Where(r => r != Role.Applicant).ToHashSet() }
            : this;
}
