using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Notifications;

/// <summary>Sends a notification effect to the party it names, and records that it went.</summary>
public sealed class SendNotificationActivity(INotificationSender sender, NotificationOptions options) : IActivity
{
    public Type EffectType => typeof(SendNotification);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var notification = (SendNotification)effect;
        var address = notification.Recipient switch
        {
            "applicant" => application.Contact?.Email ?? throw new InvalidOperationException("The application has no contact email."),
            "case-officers" => options.CaseOfficersEmail,
            var other => throw new InvalidOperationException($"Unknown recipient '{other}'."),
        };
        await sender.SendAsync(new NotificationMessage(notification.Template, address, new Dictionary<string, string>
        {
            ["reference"] = application.Id,
            ["title"] = application.Title ?? "",
            ["state"] = application.State.ToString(),
            ["reason"] = notification.Reason,
        }, effectId), cancellationToken);
        return new NotificationSent(notification.Template, notification.Recipient, notification.Reason);
    }
}
