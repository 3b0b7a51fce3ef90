using Dars.Lifecycle.Submission;
using Dars.Runtime.Index;

namespace Dars.Api.Applications;

/// <summary>One item of the list query: enough to sort a work queue, with a link to the whole status.</summary>
public sealed record ApplicationSummary(
    string Id, string State, string Stage, string? Outcome, string? Title, OrganisationDetails Organisation,
    string? SlaStatus, long Version, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, string Self)
{
    public static ApplicationSummary Of(IndexEntry e, string baseUrl) => new(
        e.Id, e.State, e.Stage, e.Outcome, e.Title, new OrganisationDetails(e.Organisation, e.OrganisationName),
        e.SlaStatus, e.Version, e.CreatedAt, e.LastUpdatedAt, $"{baseUrl}/api/applications/{e.Id}");
}

public sealed record ApplicationList(IReadOnlyList<ApplicationSummary> Items, string? ContinuationToken);
