using Azure;
using Dars.Lifecycle;

namespace Dars.Runtime.Instances;

/// <summary>
/// Everything one command writes, committed as one entity-group transaction. <see cref="ExpectedETag"/>
/// null means the application must not exist yet.
/// </summary>
public sealed record Commit(
    Application State,
    ETag? ExpectedETag,
    IReadOnlyList<RecordedEvent> Events,
    IReadOnlyList<OutboxEntry> Outbox,
    IdempotencyRecord? Idempotency);

public enum CommitStatus
{
    Committed,
    /// <summary>The snapshot moved on (or, for a create, exists): re-read and decide again.</summary>
    Conflict,
    /// <summary>The idempotency key is already recorded: the command was applied before.</summary>
    AlreadyApplied,
    /// <summary>A row would be larger than a table entity may be: nothing was written.</summary>
    TooLarge,
}

public sealed record CommitResult(CommitStatus Status, ETag ETag = default);
