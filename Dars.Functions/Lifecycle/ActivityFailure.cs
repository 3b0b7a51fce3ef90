namespace Dars.Lifecycle;

/// <summary>An activity that failed for good; <see cref="Effect"/> is re-run by <c>retry-activity</c>.</summary>
public sealed record ActivityFailure(string Activity, string Error, int Attempts, Effect Effect);
