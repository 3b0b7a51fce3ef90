namespace Dars.Lifecycle.Events;

/// <summary>
/// An event raised by a durable timer at <see cref="DueAt"/>. The decider accepts it only while the
/// application's schedule still has a timer at that instant, so a timer left over from before a
/// renewal or a state change is ignored.
/// </summary>
public abstract record TimerEvent(DateTimeOffset DueAt) : EventData;

[EventName("expiry-reminder", SystemOnly = true)]
public sealed record ExpiryReminder(DateTimeOffset DueAt) : TimerEvent(DueAt);

[EventName("agreement-expired", SystemOnly = true)]
public sealed record AgreementExpired(DateTimeOffset DueAt) : TimerEvent(DueAt);

[EventName("destruction-reminder", SystemOnly = true)]
public sealed record DestructionReminder(DateTimeOffset DueAt) : TimerEvent(DueAt);

[EventName("destruction-overdue", SystemOnly = true)]
public sealed record DestructionOverdue(DateTimeOffset DueAt) : TimerEvent(DueAt);
