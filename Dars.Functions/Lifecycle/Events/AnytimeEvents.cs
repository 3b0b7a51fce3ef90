namespace Dars.Lifecycle.Events;

[EventName("withdraw")]
public sealed record Withdrawn(string? Reason) : EventData;

[EventName("terminate")]
public sealed record Terminated(string? Reason) : EventData;

/// <summary>A case officer re-runs the activity that failed for good.</summary>
[EventName("retry-activity")]
public sealed record ActivityRetried(string? Notes) : EventData;

/// <summary>An activity used up its attempts; <see cref="Effect"/> is what to run again on retry.</summary>
[EventName("activity-failed", SystemOnly = true)]
public sealed record ActivityFailed(string Activity, string Error, int Attempts, Effect Effect) : EventData;

/// <summary>A notification went out: to whom (a role, never an address), which template and why.</summary>
[EventName("notification-sent", SystemOnly = true)]
public sealed record NotificationSent(string Template, string Recipient, string Reason) : EventData;
