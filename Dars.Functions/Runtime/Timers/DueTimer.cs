namespace Dars.Runtime.Timers;

/// <summary>A durable timer: raise <paramref name="Timer"/> on <paramref name="ApplicationId"/> at <paramref name="DueAt"/>.</summary>
public sealed record DueTimer(string ApplicationId, string Timer, DateTimeOffset DueAt);
