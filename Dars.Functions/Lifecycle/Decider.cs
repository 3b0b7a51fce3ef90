using Dars.Lifecycle.Events;
using Dars.Lifecycle.Rules;

namespace Dars.Lifecycle;

/// <summary>
/// The DARS workflow as a pure decider: <see cref="Decide"/> turns a command and the current state into
/// events or a rejection; <see cref="Evolve"/> folds an event into the state. No I/O, no clock reads.
/// </summary>
public static class Decider
{
    public static Decision Decide(Command command, Application state, DecisionContext context)
    {
        var name = command.EventName;
        var caller = command.Caller;

        var permitted = Transitions.RolesFor(name).ToHashSet();
        if (!caller.Roles.Any(permitted.Contains))
            return new Rejected(RejectionKind.Forbidden, EventCatalog.IsSystemOnly(name)
                ? $"'{name}' is recorded by DARS itself and cannot be raised."
                : $"Only {string.Join(" or ", permitted.Order())} may raise '{name}'.");

        var transition = Transitions.Find(state.State, name);
        var role = transition?.Roles.FirstOrDefault(caller.Has);
        if (transition is null || role is null)
            return new Rejected(RejectionKind.NotAwaited, $"'{name}' is not awaited while the application is {state.State}.");

        if (Availability.Check(name, state, caller) is { } unavailable) return unavailable;

        return Handlers.Decide(command.Data, state, caller, context) switch
        {
            Accepted accepted => accepted with { ActingRole = role.Value },
            var rejected => rejected,
        };
    }

    /// <summary>Exactly the events this caller could raise successfully now (system events excluded).</summary>
    public static IReadOnlyList<string> Awaiting(Application state, Caller caller) =>
        Transitions.From(state.State)
            .Where(t => !t.Roles.Contains(Role.System) && t.Roles.Any(caller.Has))
            .Where(t => Availability.Check(t.Event, state, caller) is null)
            .Select(t => t.Event)
            .Distinct()
            .ToArray();

    public static Application Evolve(Application state, RecordedEvent @event) => Evolution.Apply(state, @event);

    /// <summary>The state after a whole history, from nothing.</summary>
    public static Application Fold(string id, IEnumerable<RecordedEvent> history) =>
        history.Aggregate(new Application { Id = id }, Evolve);
}
