namespace Dars.Runtime.Index;

/// <summary>An application as the work queues list it.</summary>
public sealed record IndexEntry(
    string Id,
    string State,
    string Stage,
    string? SlaStatus,
    string? Organisation,
    string? OrganisationName,
    string? Title,
    string? Outcome,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt);

/// <summary>The list query's filters; applicants always have <see cref="Organisation"/> set to their own.</summary>
public sealed record IndexQuery(string? State = null, string? Stage = null, string? SlaStatus = null, string? Organisation = null);

public sealed record IndexPage(IReadOnlyList<IndexEntry> Items, string? ContinuationToken);
