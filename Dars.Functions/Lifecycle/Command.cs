using Dars.Lifecycle.Events;

namespace Dars.Lifecycle;

/// <summary>A request to record an event on an application, with who is asking.</summary>
public sealed record Command(EventData Data, Caller Caller)
{
    public string EventName => EventCatalog.NameOf(Data);
}
