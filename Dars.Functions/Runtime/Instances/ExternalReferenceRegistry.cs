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
    public virtual async Task<string> ReserveAsync(string organisation, string reference, string candidateId, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition(organisation), RowKeys.Hash(reference))
            {
                ["ApplicationId"] = candidateId,
            }, cancellationToken);
            return candidateId;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await FindAsync(organisation, reference, cancellationToken) ?? await ReserveAsync(organisation, reference, candidateId, cancellationToken);
        }
    }

    /// <summary>Moves a reservation whose id turned out to be taken by an unrelated application.</summary>
    public virtual async Task MoveAsync(string organisation, string reference, string newId, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(Partition(organisation), RowKeys.Hash(reference)) { ["ApplicationId"] = newId },
            TableUpdateMode.Replace, cancellationToken);

    private static string Partition(string organisation) => organisation.ToUpperInvariant();
}
