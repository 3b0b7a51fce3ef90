using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dars.Runtime.Storage;

namespace Dars.Activities.Release;

/// <summary>A produced extract as stored: its blob name, dataset and data row count.</summary>
public sealed record ExtractInfo(string BlobName, string DatasetId, long Rows);

/// <summary>An access grant in the secure data environment, stored as <c>grants/{applicationId}.json</c>.</summary>
public sealed record AccessGrant(string Grant, string ApplicationId, IReadOnlyList<string> Datasets, IReadOnlyList<string> Extracts,
    DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt = null);

/// <summary>
/// The private releases container: extracts under <c>{applicationId}/{productionId}/{datasetId}.csv</c>
/// (metadata <c>dataset</c> and <c>rows</c>), and access grants under <c>grants/{applicationId}.json</c>.
/// </summary>
public class ReleaseStore(BlobContainerClient container)
{
    public BlobContainerClient Container => container;

    public static string ExtractName(string applicationId, string productionId, string datasetId) =>
        $"{applicationId}/{productionId}/{datasetId}.csv";

    private static string GrantName(string applicationId) => $"grants/{applicationId}.json";

    /// <summary>
    /// A production's id from the effect that asked for it (<c>{applicationId}:{version}:{index}</c> becomes
    /// <c>{version}-{index}</c>), so the same effect run again writes the same blobs.
    /// </summary>
    public static string ProductionId(string applicationId, string effectId)
    {
        var rest = effectId.StartsWith(applicationId + ":", StringComparison.Ordinal) ? effectId[(applicationId.Length + 1)..] : effectId;
        return new string(rest.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
    }

    /// <summary>Writes an extract (overwriting a previous run's), then records its row count; returns the blob name.</summary>
    public virtual async Task<ExtractInfo> WriteExtractAsync(string applicationId, string productionId, string datasetId,
        Func<Stream, CancellationToken, Task<long>> write, CancellationToken cancellationToken)
    {
        var name = ExtractName(applicationId, productionId, datasetId);
        var blob = container.GetBlockBlobClient(name);
        long rows;
        await using (var stream = await blob.OpenWriteAsync(overwrite: true, new BlockBlobOpenWriteOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = "text/csv; charset=utf-8",
                ContentDisposition = $"attachment; filename=\"{applicationId}_{datasetId}.csv\"",
            },
            BufferSize = 4 * 1024 * 1024,
        }, cancellationToken))
        {
            rows = await write(stream, cancellationToken);
        }
        await blob.SetMetadataAsync(new Dictionary<string, string>
        {
            ["dataset"] = datasetId,
            ["rows"] = rows.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken: cancellationToken);
        return new ExtractInfo(name, datasetId, rows);
    }

    /// <summary>The stored extract, or null when it is gone (revoked) or never was.</summary>
    public virtual async Task<ExtractInfo?> GetExtractAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var dataset = properties.Metadata.TryGetValue("dataset", out var d) ? d : Path.GetFileNameWithoutExtension(blobName);
            var rows = properties.Metadata.TryGetValue("rows", out var r) && long.TryParse(r, CultureInfo.InvariantCulture, out var n) ? n : 0;
            return new ExtractInfo(blobName, dataset, rows);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Records the grant (once: a grant already recorded under the same id is left as it is).</summary>
    public virtual async Task<AccessGrant> GrantAsync(AccessGrant grant, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(GrantName(grant.ApplicationId));
        if (await GetGrantAsync(grant.ApplicationId, cancellationToken) is { } existing && existing.Grant == grant.Grant && existing.RevokedAt is null)
            return existing;
        await blob.UploadAsync(BinaryData.FromString(DarsJson.Serialize(grant)), overwrite: true, cancellationToken);
        return grant;
    }

    public virtual async Task<AccessGrant?> GetGrantAsync(string applicationId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(GrantName(applicationId)).DownloadContentAsync(cancellationToken);
            return DarsJson.Deserialize<AccessGrant>(content.Value.Content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes every blob under <c>{applicationId}/</c> and marks the grant revoked; a second run finds nothing left to do.</summary>
    public virtual async Task RevokeAsync(string applicationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, applicationId + "/", cancellationToken))
            await container.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        if (await GetGrantAsync(applicationId, cancellationToken) is { RevokedAt: null } grant)
            await container.GetBlobClient(GrantName(applicationId))
                .UploadAsync(BinaryData.FromString(DarsJson.Serialize(grant with { RevokedAt = now })), overwrite: true, cancellationToken);
    }
}
