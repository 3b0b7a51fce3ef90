namespace Dars.Activities.Notifications;

/// <summary>Sends notifications: GOV.UK Notify in Azure, a local inbox in Development.</summary>
public interface INotificationSender
{
    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}
