using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dars.Runtime.Storage;

namespace Dars.Activities.Release;

/// <summary>A produced extract as stored: its blob name, dataset and data row count.</summary>
public sealed record ExtractInfo(string BlobName, string DatasetId, long Rows);

/// <summary>
/// An application's access record, stored as <c>grants/{applicationId}.json</c>: its latest release (<see cref="Grant"/>
/// <c>sde-…</c>, the access grant in the secure data environment, or <c>sft-…</c> for files by secure file transfer),
/// or that release's revocation. Access stands while <see cref="RevokedAt"/> is null. A revocation that found no
/// release is recorded too, with an empty <see cref="Grant"/>, so that a release arriving late cannot undo it.
/// <see cref="Version"/> is the application version of the effect that last wrote the record (the release, then the
/// revocation): a release or revocation from an earlier effect than that, delivered late, changes nothing.
/// </summary>
public sealed record AccessGrant(string Grant, string ApplicationId, IReadOnlyList<string> Datasets, IReadOnlyList<string> Extracts,
    DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt = null, long Version = 0);

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

    /// <summary>
    /// Records the grant for the release effect of <paramref name="grant"/>'s <see cref="AccessGrant.Version"/>, once:
    /// a grant already recorded under the same id is left as it is. Returns null, recording nothing, when a revocation
    /// from a later effect (or the same) stands: the release was overtaken while it ran, and must not restore access.
    /// The record is replaced only if unchanged since it was read, so a revocation landing in between is never lost.
    /// </summary>
    public virtual async Task<AccessGrant?> GrantAsync(AccessGrant grant, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (existing, etag) = await ReadGrantAsync(grant.ApplicationId, cancellationToken);
            if (existing is not null)
            {
                if (existing.Version > grant.Version || existing.Version == grant.Version && existing.RevokedAt is not null) return null;
                if (existing.Grant == grant.Grant && existing.RevokedAt is null) return existing;
            }
            if (await TryWriteGrantAsync(grant, etag, cancellationToken)) return grant;
        }
    }

    /// <summary>Whether a revocation from an effect at <paramref name="version"/> or later is recorded for the application.</summary>
    public virtual async Task<bool> RevokedSinceAsync(string applicationId, long version, CancellationToken cancellationToken) =>
        await GetGrantAsync(applicationId, cancellationToken) is { RevokedAt: not null } record && record.Version >= version;

    /// <summary>The application's grant record, or null when it has none.</summary>
    public virtual async Task<AccessGrant?> GetGrantAsync(string applicationId, CancellationToken cancellationToken) =>
        (await ReadGrantAsync(applicationId, cancellationToken)).Grant;

    private async Task<(AccessGrant? Grant, ETag? ETag)> ReadGrantAsync(string applicationId, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await container.GetBlobClient(GrantName(applicationId)).DownloadContentAsync(cancellationToken)).Value;
            return (DarsJson.Deserialize<AccessGrant>(content.Content.ToString()), content.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }

    /// <summary>Writes the record if it is still as read (<paramref name="etag"/>, or absent when null); false if it changed meanwhile.</summary>
    private async Task<bool> TryWriteGrantAsync(AccessGrant grant, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(GrantName(grant.ApplicationId)).UploadAsync(BinaryData.FromString(DarsJson.Serialize(grant)),
                new BlobUploadOptions { Conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends access for the revocation effect at <paramref name="version"/>. First records the grant revoked (or the
    /// revocation, when there is no grant yet), so that a production or release still running sees it once its own
    /// writes are done; then takes away the extracts of every production emitted before it, so links already handed
    /// out stop working. A later release or production, after the application was reinstated, is not this revocation's
    /// to touch: delivered after a later release, it changes nothing.
    /// <paramref name="withhold"/> (a suspension) keeps the extracts aside under <c>withheld/</c>, where no link
    /// reaches them, for a release after reinstatement to restore (<see cref="RestoreWithheldAsync"/>); otherwise
    /// they are deleted, withheld copies too. A second run finds nothing more to do.
    /// </summary>
    public virtual async Task RevokeAsync(string applicationId, long version, bool withhold, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (existing, etag) = await ReadGrantAsync(applicationId, cancellationToken);
            // Delivered after a later release (the application was reinstated): the files are that release's now.
            if (existing?.Version > version) return;
            if (existing?.Version == version && existing.RevokedAt is not null) break;
            // A record revoked earlier keeps its time but takes this version, so that no release before this one can grant again.
            var revoked = existing is null
                ? new AccessGrant("", applicationId, [], [], now, RevokedAt: now, Version: version)
                : existing with { RevokedAt = existing.RevokedAt ?? now, Version = version };
            if (await TryWriteGrantAsync(revoked, etag, cancellationToken)) break;
        }

        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, applicationId + "/", cancellationToken))
        {
            if (!ProducedBefore(item.Name, applicationId, version)) continue;
            var blob = container.GetBlobClient(item.Name);
            // Copied before it is deleted: a crash in between leaves both, and the next run copies again.
            if (withhold) await CopyAsync(blob, container.GetBlobClient(Withheld + item.Name), cancellationToken);
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
        if (withhold) return;
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Withheld + applicationId + "/", cancellationToken))
            if (ProducedBefore(item.Name[Withheld.Length..], applicationId, version))
                await container.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Puts an extract withheld by a suspension back where it was (its links work again); false when there is no
    /// withheld copy of it.
    /// </summary>
    public virtual async Task<bool> RestoreWithheldAsync(string blobName, CancellationToken cancellationToken)
    {
        var withheld = container.GetBlobClient(Withheld + blobName);
        if (!await withheld.ExistsAsync(cancellationToken)) return false;
        await CopyAsync(withheld, container.GetBlobClient(blobName), cancellationToken);
        await withheld.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Deletes the extracts a production wrote (one overtaken by a revocation while it ran).</summary>
    public virtual async Task DeleteProductionAsync(string applicationId, string productionId, CancellationToken cancellationToken)
    {
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{applicationId}/{productionId}/", cancellationToken))
            await container.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    private const string Withheld = "withheld/";

    /// <summary>A server-side copy, properties and metadata included, waited for.</summary>
    private static async Task CopyAsync(BlobClient source, BlobClient target, CancellationToken cancellationToken)
    {
        var copy = await target.StartCopyFromUriAsync(source.Uri, cancellationToken: cancellationToken);
        await copy.WaitForCompletionAsync(cancellationToken);
    }

    /// <summary>Whether the blob <c>{applicationId}/{version}-{index}/…</c> belongs to a production before <paramref name="version"/> (or to none).</summary>
    private static bool ProducedBefore(string name, string applicationId, long version) =>
        ProductionVersion(name[(applicationId.Length + 1)..]) is not { } produced || produced < version;

    /// <summary>The version of the production an extract belongs to, from its folder (<c>{version}-{index}/…</c>); null if it has none.</summary>
    private static long? ProductionVersion(string nameInApplication)
    {
        var dash = nameInApplication.IndexOf('-');
        return dash > 0 && long.TryParse(nameInApplication.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
