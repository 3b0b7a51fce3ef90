namespace Dars.Lifecycle.Events;

/// <summary>
/// The data of one lifecycle event. A person's command and the event it records share one shape, so
/// the history shows exactly what was asked for; events the decider adds on its own are named too.
/// </summary>
public abstract record EventData;

/// <summary>The event's name in the HTTP contract and the history. <c>SystemOnly</c> events are never raisable through the API.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
    public bool SystemOnly { get; init; }

    /// <summary>Recorded by the decider alongside another event, never given as a command (so it has no handler and no row).</summary>
    public bool Derived { get; init; }
}
