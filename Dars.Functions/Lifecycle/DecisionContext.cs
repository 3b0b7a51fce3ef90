using Dars.Lifecycle.Sla;
using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle;

/// <summary>What the decider needs from outside, passed in so it stays pure: the time and the lookups.</summary>
public sealed record DecisionContext(DateTimeOffset Now, DatasetCatalogue Datasets, LifecycleOptions Options, WorkingCalendar Calendar)
{
    public DecisionContext(DateTimeOffset now, DatasetCatalogue datasets, LifecycleOptions options)
        : this(now, datasets, options, WorkingCalendar.EnglandAndWales) { }

    /// <summary>Today's date in UK local time, which is what every DARS date rule means by "today".</summary>
    public DateOnly Today => UkTime.DateOf(Now);
}

/// <summary>Tunable numbers of the lifecycle (LIFECYCLE.md names their defaults).</summary>
public sealed record LifecycleOptions
{
    public int SlaTargetWorkingDays { get; init; } = 60;
    public int SlaAtRiskWorkingDays { get; init; } = 5;

    /// <summary>Days before expiry on which the applicant is reminded.</summary>
    public IReadOnlyList<int> ExpiryReminderDays { get; init; } = [90, 30, 7];

    /// <summary>Days after access ends by which the certificate of destruction is due.</summary>
    public int DestructionCertificateDays { get; init; } = 30;

    /// <summary>Days before the certificate's due date on which the applicant is reminded (0: on the day).</summary>
    public IReadOnlyList<int> DestructionReminderDays { get; init; } = [7, 0];
}
