using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Dars.Lifecycle;

namespace Dars.Activities.Release;

/// <summary>A read-only, time-limited link to one released extract.</summary>
public sealed record ReleaseFileLink(string Dataset, string Name, long Rows, Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Links to the extracts released by secure file transfer: a SAS with Read permission only, expiring
/// <c>validity</c> after now. Signed with the account key when the client holds one (a connection string,
/// Azurite), otherwise with a user delegation key (managed identity in Azure). Revocation deletes the blobs,
/// so a link handed out earlier then answers 404. <paramref name="storageClock"/> is the clock the storage service
/// checks a SAS against, which is the real one: not the lifecycle's clock, which in Development can be moved days or
/// years away from it (a link timed by that clock would be dead, or not yet valid, on arrival).
/// </summary>
public class ReleaseLinks(ReleaseStore store, BlobServiceClient service, TimeProvider storageClock)
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromHours(24);

    /// <summary>One link per released file that still exists; empty when nothing is released by file transfer now.</summary>
    public virtual async Task<IReadOnlyList<ReleaseFileLink>> GetLinksAsync(Application application, TimeSpan validity, CancellationToken cancellationToken)
    {
        if (!application.Release.AccessOpen || application.Release.Files is not { Count: > 0 } files) return [];
        var now = storageClock.GetUtcNow();
        var expiresAt = now + validity;
        Azure.Storage.Blobs.Models.UserDelegationKey? delegationKey = null;
        var links = new List<ReleaseFileLink>();
        foreach (var name in files)
        {
            if (await store.GetExtractAsync(name, cancellationToken) is not { } extract) continue;
            var blob = store.Container.GetBlobClient(name);
            var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresAt)
            {
                BlobContainerName = blob.BlobContainerName,
                BlobName = blob.Name,
                Resource = "b",
                Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            };
            Uri url;
            if (blob.CanGenerateSasUri) url = blob.GenerateSasUri(sas);
            else
            {
                // A user delegation key may be valid for at most 7 days; one serves every file of the request.
                delegationKey ??= (await service.GetUserDelegationKeyAsync(now.AddMinutes(-5), expiresAt, cancellationToken)).Value;
                url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(delegationKey, service.AccountName) }.ToUri();
            }
            links.Add(new ReleaseFileLink(extract.DatasetId, $"{application.Id}_{extract.DatasetId}.csv", extract.Rows, url, expiresAt));
        }
        return links;
    }
}
