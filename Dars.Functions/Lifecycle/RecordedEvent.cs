using Dars.Lifecycle.Events;

namespace Dars.Lifecycle;

/// <summary>One entry of an application's history: append-only, the audit trail and the source of its state.</summary>
public sealed record RecordedEvent(long Version, DateTimeOffset OccurredAt, Actor Actor, EventData Data)
{
    public string Type => EventCatalog.NameOf(Data);
}
