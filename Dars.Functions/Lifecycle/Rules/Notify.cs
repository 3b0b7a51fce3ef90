namespace Dars.Lifecycle.Rules;

/// <summary>Notification effects, addressed by role so no address ever enters an event.</summary>
internal static class Notify
{
    public const string ApplicantRecipient = "applicant";
    public const string OfficersRecipient = "case-officers";

    public static SendNotification Applicant(string template, string reason) => new(template, ApplicantRecipient, reason);

    public static SendNotification Officers(string template, string reason) => new(template, OfficersRecipient, reason);
}
