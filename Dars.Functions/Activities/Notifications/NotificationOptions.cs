namespace Dars.Activities.Notifications;

/// <summary>Notification settings (<c>Dars:Notifications</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>Where notices to the DARS team go.</summary>
    public string CaseOfficersEmail { get; set; } = "dars-case-officers@example.nhs.uk";

    /// <summary><c>Local</c> (a blob per message, for Development) or <c>GovukNotify</c>; by default Local only in Development.</summary>
    public string? Sender { get; set; }

    /// <summary>The GOV.UK Notify API key: from Key Vault in Azure, user secrets locally; never committed.</summary>
    public string? GovukNotifyApiKey { get; set; }

    /// <summary>The Notify reply-to address id, if the service has one.</summary>
    public string? EmailReplyToId { get; set; }

    /// <summary>DARS template names (e.g. <c>expiry-reminder</c>) to GOV.UK Notify template ids.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.Ordinal);
}
