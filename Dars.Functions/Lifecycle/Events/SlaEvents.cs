namespace Dars.Lifecycle.Events;

/// <summary>The daily SLA check found the application newly at risk or breached; officers are told.</summary>
[EventName("sla-status-marked", SystemOnly = true)]
public sealed record SlaStatusMarked(string? Status, int ElapsedWorkingDays, DateOnly? DueDate) : EventData;
