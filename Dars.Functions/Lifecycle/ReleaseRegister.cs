namespace Dars.Lifecycle;

/// <summary>The release register's objections reason, from the approved application's exemption (LIFECYCLE.md).</summary>
public static class ReleaseRegister
{
    public const string ObjectionsUpheld = "Yes - patient objections upheld";
    public const string Consent = "No - consent provided by participants of research study";
    public const string NotIdentifiable = "No - data flow is not identifiable";

    public static string ReasonFor(string? objectionExemption) => objectionExemption switch
    {
        "consent" => Consent,
        "not-identifiable" => NotIdentifiable,
        _ => ObjectionsUpheld,
    };

    /// <summary>Whether patients' objections are removed from the extracts.</summary>
    public static bool UpholdsObjections(string? objectionExemption) => ReasonFor(objectionExemption) == ObjectionsUpheld;
}
