using Dars.Activities.Notifications;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Dars.Tests.Activities.Notifications;

/// <summary>Development's sender keeps each message as a blob a developer can read; the same effect is kept once.</summary>
public sealed class LocalNotificationSenderTests
{
    [Fact]
    public async Task Each_message_is_written_once_where_a_developer_can_read_it()
    {
        var storage = await TestStorage.CreateAsync();
        var container = storage.Blobs.GetBlobContainerClient(storage.Options.NotificationsContainer);
        var sender = new LocalNotificationSender(container, new FakeTimeProvider(DarsFactory.Start));
        var message = new NotificationMessage("application-received", "a@example.ac.uk",
            new Dictionary<string, string> { ["reference"] = "NIC-000001" }, "NIC-000001:1:0");

        await sender.SendAsync(message, default);
        await sender.SendAsync(message with { Template = "changed" }, default);

        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync()) blobs.Add(blob.Name);
        Assert.Equal(["NIC-000001/1/0.json"], blobs);
        var content = (await container.GetBlobClient(blobs[0]).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("\"template\":\"application-received\"", content);
        Assert.Contains(DarsFactory.Start.ToString("yyyy-MM-dd'T'HH:mm:ss"), content);
    }
}
