using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dars.Runtime.Storage;

namespace Dars.Activities.Data;

/// <summary>
/// A file stored as a new blob per upload plus a small JSON manifest naming the current one. The
/// manifest is swapped only after the upload checked out, conditioned on its ETag, so readers see
/// the old file or the new one, never a half-written or rejected one.
/// </summary>
internal static class Manifests
{
    public static async Task<(T? Value, ETag? ETag)> ReadAsync<T>(BlobClient blob, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return (DarsJson.Deserialize<T>(content.Value.Content.ToString()), content.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }

    /// <summary>Writes the manifest if it is still at <paramref name="expected"/> (absent when null); false if someone got there first.</summary>
    public static async Task<bool> TryWriteAsync<T>(BlobClient blob, T value, ETag? expected, CancellationToken cancellationToken)
    {
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            await blob.UploadAsync(BinaryData.FromString(DarsJson.Serialize(value)), new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public static async Task DeleteQuietlyAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException)
        {
            // Nothing names it: the daily housekeeping (DeleteUnnamedAsync) removes it.
        }
    }

    /// <summary>
    /// Deletes the uploads under <paramref name="prefix"/> (every blob there but the <c>.json</c> manifests) that no manifest
    /// names and that were last written before <paramref name="before"/>: what a process that stopped between storing an
    /// upload and swapping the manifest, or between the swap and deleting the previous upload, left behind. The manifests
    /// are read before the listing, so an upload swapped in meanwhile is too young to be touched. Returns how many.
    /// </summary>
    public static async Task<int> DeleteUnnamedAsync(BlobContainerClient container, string prefix, IReadOnlySet<string> named,
        DateTimeOffset before, CancellationToken cancellationToken)
    {
        var unnamed = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            if (!blob.Name.EndsWith(".json", StringComparison.Ordinal) && !named.Contains(blob.Name) && blob.Properties.LastModified < before)
                unnamed.Add(blob.Name);
        foreach (var name in unnamed) await DeleteQuietlyAsync(container, name, cancellationToken);
        return unnamed.Count;
    }

    /// <summary>
    /// Streams <paramref name="body"/> to the new blob <paramref name="name"/> while <paramref name="check"/> reads it;
    /// deletes the blob again when the check finds problems or anything fails.
    /// </summary>
    public static async Task<TCheck> UploadCheckedAsync<TCheck>(BlobContainerClient container, string name, Stream body,
        Func<Stream, CancellationToken, Task<TCheck>> check, Func<TCheck, bool> passed, CancellationToken cancellationToken)
    {
        var blob = container.GetBlockBlobClient(name);
        TCheck result;
        try
        {
            await using (var upload = await blob.OpenWriteAsync(overwrite: true, new BlockBlobOpenWriteOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
                BufferSize = 4 * 1024 * 1024,
            }, cancellationToken))
            {
                result = await check(new TeeStream(body, upload), cancellationToken);
            }
        }
        catch
        {
            await DeleteQuietlyAsync(container, name, CancellationToken.None);
            throw;
        }
        if (!passed(result)) await DeleteQuietlyAsync(container, name, CancellationToken.None);
        return result;
    }
}
