namespace Dars.Runtime;

/// <summary>
/// Work done once a day by <see cref="Sla.DailyChecks"/> (and the Functions host's daily trigger). Each is safe to run
/// twice, and one failing does not stop the others.
/// </summary>
public interface IDailyCheck
{
    /// <summary>What it is called where its result is reported, e.g. "SLA check".</summary>
    string Name { get; }

    /// <summary>
    /// Tidying of storage, going by the storage service's own timestamps, not a rule of the lifecycle: the development
    /// clock's simulated days skip it (a year moved forward would run it hundreds of times, to no purpose).
    /// </summary>
    bool Housekeeping => false;

    /// <summary>Runs it; returns how many things it acted on.</summary>
    Task<int> RunAsync(CancellationToken cancellationToken);
}
