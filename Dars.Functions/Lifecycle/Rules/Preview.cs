using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>The state the given events would lead to, for rules that depend on it (the timers an agreement needs).</summary>
internal static class Preview
{
    public static Application After(Application state, DateTimeOffset now, params EventData[] events) =>
        events.Select((e, i) => new RecordedEvent(state.Version + 1 + i, now, Actor.System, e)).Aggregate(state, Evolution.Apply);

    /// <summary>The schedule's timers still in the future: those are the ones to set.</summary>
    public static IEnumerable<Effect> Timers(Application after, DecisionContext context) =>
        Schedule.For(after, context.Options).Where(t => t.DueAt > context.Now);
}
