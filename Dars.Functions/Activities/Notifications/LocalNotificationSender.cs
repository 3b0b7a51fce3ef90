using Azure;
using Azure.Storage.Blobs;
using Dars.Runtime.Storage;

namespace Dars.Activities.Notifications;

/// <summary>
/// Development's outbox for people: each message becomes a JSON blob in the notifications container
/// (<c>{reference}.json</c>), where a developer can read it, e.g. with Azure Storage Explorer.
/// </summary>
public sealed class LocalNotificationSender(BlobContainerClient container, TimeProvider time) : INotificationSender
{
    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(message.Reference.Replace(':', '/') + ".json");
        var body = BinaryData.FromString(DarsJson.Serialize(new { sentAt = time.GetUtcNow(), message }));
        try
        {
            await blob.UploadAsync(body, overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Already sent under this reference: the same effect delivered twice.
        }
    }
}
