namespace Dars.Runtime.Index;

/// <summary>An application as the work queues list it. <see cref="SlaMark"/> is the last SLA status the daily check marked.</summary>
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
    DateTimeOffset LastUpdatedAt,
    string? SlaMark = null);

/// <summary>The list query's filters; applicants always have <see cref="Organisation"/> set to their own.</summary>
public sealed record IndexQuery(string? State = null, string? Stage = null, string? SlaStatus = null, string? Organisation = null);

public sealed record IndexPage(IReadOnlyList<IndexEntry> Items, string? ContinuationToken);
