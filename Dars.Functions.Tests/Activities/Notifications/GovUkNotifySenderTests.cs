using Dars.Activities.Notifications;
using Moq;
using Notify.Exceptions;
using Notify.Interfaces;
using Notify.Models.Responses;

namespace Dars.Tests.Activities.Notifications;

/// <summary>GOV.UK Notify is external and slow, so its client is mocked: what DARS asks it to send is checked.</summary>
public sealed class GovUkNotifySenderTests
{
    private static readonly NotificationOptions Options = new()
    {
        GovukNotifyApiKey = "test-key",
        EmailReplyToId = "reply-to-id",
        Templates = new() { ["expiry-reminder"] = "0f1e2d3c-template" },
    };

    private static readonly NotificationMessage Message = new("expiry-reminder", "a.researcher@example.ac.uk",
        new Dictionary<string, string> { ["reference"] = "NIC-123456", ["reason"] = "The agreement expires on 2027-12-07." }, "NIC-123456:7:0");

    [Fact]
    public async Task A_message_goes_to_Notify_with_the_configured_template_its_personalisation_and_the_effect_as_reference()
    {
        var client = new Mock<IAsyncNotificationClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Dictionary<string, dynamic>>(), It.IsAny<string>(), It.IsAny<string>()))
            .ReturnsAsync(new EmailNotificationResponse());

        await new GovUkNotifySender(() => client.Object, Options).SendAsync(Message, default);

        client.Verify(c => c.SendEmailAsync("a.researcher@example.ac.uk", "0f1e2d3c-template",
            It.Is<Dictionary<string, dynamic>>(p => HasReference(p, "NIC-123456")), "NIC-123456:7:0", "reply-to-id"), Times.Once);
    }

    private static bool HasReference(Dictionary<string, dynamic> personalisation, string reference) =>
        personalisation.Count == 2 && Equals(personalisation["reference"], reference);

    [Fact]
    public async Task A_template_configured_with_underscores_as_App_Service_settings_need_is_found()
    {
        var client = new Mock<IAsyncNotificationClient>();
        var options = new NotificationOptions { Templates = new() { ["expiry_reminder"] = "underscored-id" } };

        await new GovUkNotifySender(() => client.Object, options).SendAsync(Message, default);

        client.Verify(c => c.SendEmailAsync(It.IsAny<string>(), "underscored-id", It.IsAny<Dictionary<string, dynamic>>(), It.IsAny<string>(), It.IsAny<string>()), Times.Once);
    }

    [Fact]
    public async Task A_template_without_a_Notify_id_fails_with_the_setting_to_fix_and_sends_nothing()
    {
        var client = new Mock<IAsyncNotificationClient>(MockBehavior.Strict);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new GovUkNotifySender(() => client.Object, Options).SendAsync(Message with { Template = "agreement-started" }, default));

        Assert.Contains("Dars:Notifications:Templates:agreement-started", error.Message);
    }

    [Fact]
    public async Task A_Notify_refusal_propagates_so_the_activity_is_retried()
    {
        var client = new Mock<IAsyncNotificationClient>();
        client.Setup(c => c.SendEmailAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Dictionary<string, dynamic>>(), It.IsAny<string>(), It.IsAny<string>()))
            .ThrowsAsync(new NotifyClientException("Status code 500. Internal error"));

        await Assert.ThrowsAsync<NotifyClientException>(() => new GovUkNotifySender(() => client.Object, Options).SendAsync(Message, default));
    }

    [Fact]
    public async Task Without_an_API_key_sending_fails_clearly_but_the_sender_can_still_be_made()
    {
        var sender = GovUkNotifySender.FromOptions(new NotificationOptions { Templates = Options.Templates });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(Message, default));

        Assert.Contains("GovukNotifyApiKey", error.Message);
    }
}
