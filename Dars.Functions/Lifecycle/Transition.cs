namespace Dars.Lifecycle;

/// <summary>
/// One row of the lifecycle table: in <paramref name="From"/>, <paramref name="Event"/> is awaited from
/// <paramref name="Roles"/> and leads to one of <paramref name="To"/>. The decider's acceptance, the
/// <c>awaiting</c> list and the lifecycle diagram all read this one table.
/// </summary>
public sealed record Transition(State From, string Event, IReadOnlyList<Role> Roles, IReadOnlyList<State> To);
