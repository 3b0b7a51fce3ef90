namespace Dars.Runtime;

/// <summary>
/// Work done once a day by <see cref="Sla.DailyChecks"/> (and the Functions host's daily trigger). Each is safe to run
/// twice, and one failing does not stop the others.
/// </summary>
public interface IDailyCheck
{
    /// <summary>What it is called where its result is reported, e.g. "SLA check".</summary>
    string Name { get; }

    /// <summary>Runs it; returns how many things it acted on.</summary>
    Task<int> RunAsync(CancellationToken cancellationToken);
}
