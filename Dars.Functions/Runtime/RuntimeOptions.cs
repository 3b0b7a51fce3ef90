namespace Dars.Runtime;

/// <summary>Retry, timing and capacity settings of the runtime, set once in configuration (<c>Dars:Runtime</c>).</summary>
public sealed class RuntimeOptions
{
    /// <summary>How often a command is re-decided after losing a race before giving up.</summary>
    public int MaxCommitAttempts { get; set; } = 25;

    /// <summary>Snapshots kept in memory so a command needs no read while its ETag still holds.</summary>
    public int SnapshotCacheSize { get; set; } = 10_000;

    /// <summary>An outbox entry older than this is the sweep's to dispatch (younger ones are in flight).</summary>
    public TimeSpan OutboxSweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan OutboxSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the sweep also scans the whole instances table (besides a process's first sweep), for what a process
    /// that stopped between commit and dispatch left; the other runs read only what failed dispatches marked.
    /// </summary>
    public TimeSpan OutboxFullSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries of an activity message before it is recorded as failed and moved to the poison queue.</summary>
    public int ActivityMaxAttempts { get; set; } = 5;

    /// <summary>First retry delay of a failed activity; doubles with each attempt up to <see cref="ActivityMaxBackoff"/>.</summary>
    public TimeSpan ActivityBaseBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ActivityMaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a running activity holds its claim against a duplicate delivery.</summary>
    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan TimerSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>UK local time of day at which the daily checks (SLA) run.</summary>
    public TimeSpan DailyCheckTime { get; set; } = TimeSpan.FromHours(7);

    /// <summary>Off in tests that need to see what a crash between commit and dispatch leaves.</summary>
    public bool DispatchAfterCommit { get; set; } = true;

    /// <summary>Runs the in-process queue and timer runners (standalone); off under the Functions host.</summary>
    public bool RunBackgroundRunners { get; set; } = true;
}
