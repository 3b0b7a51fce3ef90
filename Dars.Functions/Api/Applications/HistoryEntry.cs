using System.Text.Json;
using Dars.Lifecycle;
using Dars.Runtime.Storage;

namespace Dars.Api.Applications;

/// <summary>One entry of <c>GET /history</c>.</summary>
public sealed record HistoryEntry(long Version, string Type, DateTimeOffset OccurredAt, HistoryActor Actor, JsonElement Data)
{
    public static HistoryEntry Of(RecordedEvent e) =>
        new(e.Version, e.Type, e.OccurredAt, new HistoryActor(e.Actor.Id, e.Actor.Role.ToString()), DarsJson.ToElement(e.Data));
}

public sealed record HistoryActor(string Id, string Role);
