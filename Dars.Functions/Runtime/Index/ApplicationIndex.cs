using Azure;
using Azure.Data.Tables;
using Dars.Lifecycle;

namespace Dars.Runtime.Index;

/// <summary>
/// The query index, maintained from events off the caller's path. Each application has a row in the
/// <c>all</c> partition (the truth, with its version) and one row in a partition per filterable value
/// (<c>state:</c>, <c>stage:</c>, <c>sla:</c>, <c>org:</c>), so a filtered list reads one partition, not
/// every application. The <c>all</c> row lists the partitions it has rows in, written before those rows and
/// trimmed only after the stale ones are deleted, so a projection that stops half-way leaves rows the next one
/// finds and removes.
/// </summary>
public class ApplicationIndex(TableClient table, Func<Application, string?> slaStatusOf)
{
    private const string All = "all";
    // Projections of one application are serialised in this process; a fixed set of stripes keeps that bounded.
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public virtual async Task ProjectAsync(Application application, CancellationToken cancellationToken)
    {
        var gate = _stripes[(uint)StringComparer.Ordinal.GetHashCode(application.Id) % (uint)_stripes.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < 10; attempt++)
                if (await TryProjectAsync(application, cancellationToken)) return;
            throw new InvalidOperationException($"Index row of {application.Id} kept changing under projection.");
        }
        finally { gate.Release(); }
    }

    public virtual async Task<IndexPage> QueryAsync(IndexQuery query, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var (partition, remaining) = query switch
        {
            { Organisation: { } org } => ($"org:{org.ToUpperInvariant()}", query with { Organisation = null }),
            { State: { } state } => ($"state:{state}", query with { State = null }),
            { SlaStatus: { } sla } => ($"sla:{sla}", query with { SlaStatus = null }),
            { Stage: { } stage } => ($"stage:{stage}", query with { Stage = null }),
            _ => (All, query),
        };
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (remaining.State is { } s) filter += " and " + TableClient.CreateQueryFilter($"State eq {s}");
        if (remaining.Stage is { } st) filter += " and " + TableClient.CreateQueryFilter($"Stage eq {st}");
        if (remaining.SlaStatus is { } sl) filter += " and " + TableClient.CreateQueryFilter($"SlaStatus eq {sl}");

        var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: top, cancellationToken: cancellationToken).AsPages(continuationToken, top);
        await foreach (var page in pages)
            return new IndexPage(page.Values.Select(ToEntry).ToArray(), page.ContinuationToken);
        return new IndexPage([], null);
    }

    /// <summary>
    /// Up to <paramref name="count"/> entries from the start, reading on while the service hands back a short page: Azure
    /// may end a page early (and give a continuation token) even when rows remain, or when none do.
    /// </summary>
    public virtual async Task<IReadOnlyList<IndexEntry>> FirstAsync(IndexQuery query, int count, CancellationToken cancellationToken)
    {
        var entries = new List<IndexEntry>();
        string? token = null;
        do
        {
            var page = await QueryAsync(query, count - entries.Count, token, cancellationToken);
            entries.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null && entries.Count < count);
        return entries;
    }

    private async Task<bool> TryProjectAsync(Application application, CancellationToken cancellationToken)
    {
        var current = await table.GetEntityIfExistsAsync<TableEntity>(All, application.Id, cancellationToken: cancellationToken);
        var existing = current.HasValue ? current.Value : null;
        if (existing?.GetInt64("Version") >= application.Version) return true;

        var entry = ToEntity(All, application);
        var wanted = new[]
        {
            $"state:{entry.GetString("State")}", $"stage:{entry.GetString("Stage")}",
            $"sla:{entry.GetString("SlaStatus") ?? "none"}", $"org:{(entry.GetString("Organisation") ?? "none").ToUpperInvariant()}",
        };
        var had = (existing?.GetString("Partitions") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries);

        // Record every partition this application may have rows in before writing any of them, unless the row
        // already lists them all (most commits change no indexed value).
        var intent = existing ?? ToEntity(All, application, version: 0);
        intent["Partitions"] = string.Join(';', had.Union(wanted));
        var intentETag = existing is not null && wanted.All(had.Contains)
            ? existing.ETag
            : await TryWrite(intent, existing?.ETag, cancellationToken);
        if (intentETag is null) return false;

        foreach (var partition in wanted)
            await table.UpsertEntityAsync(ToEntity(partition, application), TableUpdateMode.Replace, cancellationToken);
        // Stale rows go before the final write, which stops listing them: a crash or a failed delete before it leaves
        // the version unprojected, so the retry finds them listed still and deletes them.
        foreach (var stale in had.Except(wanted))
            await table.DeleteEntityAsync(stale, application.Id, ETag.All, cancellationToken);
        entry["Partitions"] = string.Join(';', wanted);
        return await TryWrite(entry, intentETag, cancellationToken) is not null;
    }

    /// <summary>Writes the row if it is still as read (or still absent); the new ETag, or null when it moved on.</summary>
    private async Task<ETag?> TryWrite(TableEntity entity, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = etag is { } match
                ? await table.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412) { return null; }
    }

    private TableEntity ToEntity(string partition, Application a, long? version = null) => new(partition, a.Id)
    {
        ["State"] = a.State.ToString(),
        ["Stage"] = a.Stage.ToString(),
        ["SlaStatus"] = slaStatusOf(a),
        ["SlaMark"] = a.SlaMark,
        ["Organisation"] = a.Organisation?.OdsCode?.ToUpperInvariant(),
        ["OrganisationName"] = a.Organisation?.Name,
        ["Title"] = a.Title,
        ["Outcome"] = a.Outcome?.ToString(),
        ["Version"] = version ?? a.Version,
        ["CreatedAt"] = a.CreatedAt,
        ["LastUpdatedAt"] = a.LastUpdatedAt,
    };

    private static IndexEntry ToEntry(TableEntity e) => new(
        e.RowKey, e.GetString("State"), e.GetString("Stage"), e.GetString("SlaStatus"), e.GetString("Organisation"),
        e.GetString("OrganisationName"), e.GetString("Title"), e.GetString("Outcome"), e.GetInt64("Version") ?? 0,
        e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("LastUpdatedAt") ?? default, e.GetString("SlaMark"));
}
