using Dars.Lifecycle.Events;

namespace Dars.Lifecycle;

/// <summary>The outcome of <see cref="Decider.Decide"/>: events to record, or a typed rejection. Data, not exceptions.</summary>
public abstract record Decision;

/// <summary>The command is accepted: record these events (in order) as <paramref name="ActingRole"/>, then carry out these effects.</summary>
public sealed record Accepted(IReadOnlyList<EventData> Events, IReadOnlyList<Effect> Effects, Role ActingRole) : Decision;

public sealed record Rejected(RejectionKind Kind, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null) : Decision
{
    public static Rejected Invalid(FieldErrors errors, string detail = "The request has invalid fields; see errors.") =>
        new(RejectionKind.Invalid, detail, errors.ToDictionary());

    public static Rejected Invalid(string field, string message) =>
        new(RejectionKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });
}

public enum RejectionKind
{
    /// <summary>The body breaks a rule (HTTP 422).</summary>
    Invalid,
    /// <summary>The event is not awaited in the current state (HTTP 409 with <c>awaiting</c>).</summary>
    NotAwaited,
    /// <summary>The caller's role may not raise it, or separation of duties forbids it (HTTP 403).</summary>
    Forbidden,
}
