using System.Text.Json.Serialization;
namespace Dars.Lifecycle;

/// <summary>
/// The service-level clock's record: when it started and stopped, and each pause with its reasons.
/// Working-day arithmetic over it lives in the calendar; this is only what happened.
/// </summary>
public sealed record SlaClock
{
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public IReadOnlyList<SlaPause> Pauses { get; init; } = [];

    [JsonIgnore]
    public bool Started => StartedAt is not null;
    [JsonIgnore]
    public bool Running => StartedAt is not null && StoppedAt is null;
    [JsonIgnore]
    public SlaPause? OpenPause => Pauses.Count > 0 && Pauses[^1].ResumedAt is null ? Pauses[^1] : null;
}

/// <summary>A pause of the clock; <paramref name="Reasons"/> are e.g. <c>referred-back</c>, <c>external-approval:research-ethics</c>.</summary>
public sealed record SlaPause(DateTimeOffset PausedAt, IReadOnlyList<string> Reasons, DateTimeOffset? ResumedAt = null);
