namespace Dars.Activities.Notifications;

/// <summary>
/// One message to send. <see cref="Reference"/> is the effect id: the sender keys on it so a second
/// delivery of the same effect does not send twice.
/// </summary>
public sealed record NotificationMessage(
    string Template,
    string EmailAddress,
    IReadOnlyDictionary<string, string> Personalisation,
    string Reference);
