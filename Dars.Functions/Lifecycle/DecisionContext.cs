using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle;

/// <summary>What the decider needs from outside, passed in so it stays pure: the time and the lookups.</summary>
public sealed record DecisionContext(DateTimeOffset Now, DatasetCatalogue Datasets, LifecycleOptions Options)
{
    /// <summary>Today's date in UK local time, which is what every DARS date rule means by "today".</summary>
    public DateOnly Today => UkTime.DateOf(Now);
}

/// <summary>Tunable numbers of the lifecycle (LIFECYCLE.md names their defaults).</summary>
public sealed record LifecycleOptions
{
    public int SlaTargetWorkingDays { get; init; } = 60;
    public int SlaAtRiskWorkingDays { get; init; } = 5;
}
