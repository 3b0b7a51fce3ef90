using Azure;
using Azure.Data.Tables;

namespace Dars.Runtime.Instances;

/// <summary>
/// Which application each organisation's <c>externalReference</c> belongs to. The reservation is made
/// before the application is created, so two racing submissions of one reference get one application.
/// </summary>
public class ExternalReferenceRegistry(TableClient table)
{
    public virtual async Task<string?> FindAsync(string organisation, string reference, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(organisation), RowKeys.Hash(reference), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("ApplicationId") : null;
    }

    /// <summary>Reserves the reference for <paramref name="candidateId"/>, or returns the id it is already reserved for.</summary>
    public virtual async Task<string> ReserveAsync(string organisation, string reference, string candidateId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(organisation), RowKeys.Hash(reference))
            {
                ["ApplicationId"] = candidateId,
                ["ReservedAt"] = now,
            }, cancellationToken);
            return candidateId;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await FindAsync(organisation, reference, cancellationToken) ?? await ReserveAsync(organisation, reference, candidateId, now, cancellationToken);
        }
    }

    /// <summary>
    /// Moves a reservation that names an application without the reference to <paramref name="newId"/>, if it is older
    /// than <paramref name="grace"/> and has not moved since read. A recent one may belong to a command still being
    /// committed, not to one a crash stopped: taking it over would give two applications one reference.
    /// </summary>
    public virtual async Task<bool> TryTakeOverAsync(string organisation, string reference, string newId, DateTimeOffset now, TimeSpan grace,
        CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(organisation), RowKeys.Hash(reference), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ReservedAt") is { } at && at > now - grace) return false;
        try
        {
            await table.UpdateEntityAsync(new TableEntity(row.Value.PartitionKey, row.Value.RowKey) { ["ApplicationId"] = newId, ["ReservedAt"] = now },
                row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412) { return false; }
    }

    /// <summary>Moves the caller's own reservation, whose fresh id turned out to be taken by an unrelated application.</summary>
    public virtual async Task MoveAsync(string organisation, string reference, string newId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(Partition(organisation), RowKeys.Hash(reference)) { ["ApplicationId"] = newId, ["ReservedAt"] = now },
            TableUpdateMode.Replace, cancellationToken);

    private static string Partition(string organisation) => organisation.ToUpperInvariant();
}
