namespace Dars.Activities.Notifications;

/// <summary>Where notices to the DARS team go (<c>Dars:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    public string CaseOfficersEmail { get; set; } = "dars-case-officers@example.nhs.uk";
}
