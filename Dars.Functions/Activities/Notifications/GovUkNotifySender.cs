using Notify.Interfaces;

namespace Dars.Activities.Notifications;

/// <summary>
/// Sends through GOV.UK Notify, as NHS services do. DARS template names map to Notify template ids in
/// configuration (<c>Dars:Notifications:Templates</c>); the effect id goes as Notify's client reference.
/// The client is made on first use, so a missing API key fails the sending activity (visible as its
/// failure, retried once fixed) rather than the whole app.
/// </summary>
public sealed class GovUkNotifySender(Func<IAsyncNotificationClient> clientFactory, NotificationOptions options) : INotificationSender
{
    private readonly Lazy<IAsyncNotificationClient> _client = new(clientFactory);

    public static GovUkNotifySender FromOptions(NotificationOptions options) => new(() => new Notify.Client.NotificationClient(
        options.GovukNotifyApiKey is { Length: > 0 } key
            ? key
            : throw new InvalidOperationException("Dars:Notifications:GovukNotifyApiKey is not set, so GOV.UK Notify cannot send; set it (Key Vault in Azure).")),
        options);

    public async Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        // App Service setting names cannot hold '-', so expiry-reminder may be configured as expiry_reminder.
        if ((!options.Templates.TryGetValue(message.Template, out var templateId)
             && !options.Templates.TryGetValue(message.Template.Replace('-', '_'), out templateId))
            || string.IsNullOrWhiteSpace(templateId))
            throw new InvalidOperationException(
                $"No GOV.UK Notify template is configured for '{message.Template}': set Dars:Notifications:Templates:{message.Template} to its template id.");
        cancellationToken.ThrowIfCancellationRequested();
        var personalisation = message.Personalisation.ToDictionary(p => p.Key, p => (dynamic)p.Value);
        await _client.Value.SendEmailAsync(message.EmailAddress, templateId, personalisation, message.Reference, options.EmailReplyToId);
    }
}
