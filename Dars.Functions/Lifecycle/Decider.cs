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
        var caller = command.Caller.On(state);
        if (Admit(command.EventName, state, caller) is { } refused) return refused;
        var role = Transitions.Find(state.State, command.EventName)!.Roles.First(caller.Has);
        return Handlers.Decide(command.Data, state, caller, context) switch
        {
            Accepted accepted => accepted with { ActingRole = role },
            var rejected => rejected,
        };
    }

    /// <summary>
    /// Whether the caller may raise the event on this application now, whatever its body: the refusal (a role that may
    /// never raise it, an event not awaited in this state, or a rule such as separation of duties), or null.
    /// </summary>
    public static Rejected? Admit(string eventName, Application state, Caller caller)
    {
        caller = caller.On(state);
        if (MayEverRaise(eventName, caller) is { } forbidden) return forbidden;
        if (Transitions.Find(state.State, eventName) is not { } transition || !transition.Roles.Any(caller.Has))
            return new Rejected(RejectionKind.NotAwaited, $"'{eventName}' is not awaited while the application is {state.State}.");
        return Availability.Check(eventName, state, caller);
    }

    /// <summary>A refusal when none of the caller's roles may raise the event in any state; otherwise null.</summary>
    public static Rejected? MayEverRaise(string eventName, Caller caller)
    {
        var permitted = Transitions.RolesFor(eventName).ToHashSet();
        return caller.Roles.Any(permitted.Contains)
            ? null
            : new Rejected(RejectionKind.Forbidden, EventCatalog.IsSystemOnly(eventName)
                ? $"'{eventName}' is recorded by DARS itself and cannot be raised."
                : $"Only {string.Join(" or ", permitted.Order())} may raise '{eventName}'.");
    }

    /// <summary>Exactly the events this caller could raise successfully now (system events excluded).</summary>
    public static IReadOnlyList<string> Awaiting(Application state, Caller caller)
    {
        caller = caller.On(state);
        return Transitions.From(state.State)
            .Where(t => !t.Roles.Contains(Role.System) && t.Roles.Any(caller.Has))
            .Where(t => Availability.Check(t.Event, state, caller) is null)
            .Select(t => t.Event)
            .Distinct()
            .ToArray();
    }

    public static Application Evolve(Application state, RecordedEvent @event) => Evolution.Apply(state, @event);

    /// <summary>The state after a whole history, from nothing.</summary>
    public static Application Fold(string id, IEnumerable<RecordedEvent> history) =>
        history.Aggregate(new Application { Id = id }, Evolve);
}
