using System.Text.Json.Serialization;

namespace Dars.Lifecycle;

/// <summary>
/// Work the runtime carries out after an event is durably recorded. Effects are written to the
/// outbox in the same transaction as the events, so none is lost and none runs for a command that failed.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SendNotification), "send-notification")]
[JsonDerivedType(typeof(ScheduleTimer), "schedule-timer")]
public abstract record Effect
{
    /// <summary>The activity that carries the effect out, as shown in <c>failure.activity</c>.</summary>
    public abstract string Activity { get; }
}

/// <summary>Notify a party of the application (by role: <c>applicant</c>, <c>case-officers</c>).</summary>
public sealed record SendNotification(string Template, string Recipient, string Reason) : Effect
{
    public override string Activity => "send-notification";
}

/// <summary>Raise <paramref name="Timer"/> as a system command at <paramref name="DueAt"/>.</summary>
public sealed record ScheduleTimer(string Timer, DateTimeOffset DueAt) : Effect
{
    public override string Activity => "schedule-timer";
}
