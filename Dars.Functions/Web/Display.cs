using System.Globalization;
using System.Text;
using Dars.Lifecycle;
using Dars.Lifecycle.Sla;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Html;

namespace Dars.Web;

/// <summary>How states, roles, dates and statuses read on the pages.</summary>
public static class Display
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"UnderAssessment" reads "Under assessment".</summary>
    public static string Words(string? pascal)
    {
        if (string.IsNullOrEmpty(pascal)) return "";
        var text = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(pascal[i - 1])) text.Append(' ').Append(char.ToLowerInvariant(c));
            else text.Append(c);
        }
        return text.ToString();
    }

    public static string State(State state) => Words(state.ToString());

    public static string State(string? state) => Words(state);

    public static string Role(Role role) => role switch
    {
        Lifecycle.Role.CaseOfficer => "Case officer",
        Lifecycle.Role.DataProducer => "Data producer",
        _ => role.ToString(),
    };

    public static string Role(string? role) => Enum.TryParse<Role>(role, out var r) ? Role(r) : role ?? "";

    /// <summary>"on-track" reads "On track"; "external-approval:research-ethics" reads "External approval: research ethics".</summary>
    public static string Kebab(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = value.Replace(":", ": ").Replace('-', ' ');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", English) ?? "";

    public static string DateTime(DateTimeOffset? instant) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, UkTime.Zone).ToString("d MMMM yyyy 'at' h:mmtt", English).Replace("AM", "am").Replace("PM", "pm") : "";

    public static IHtmlContent StateTag(string? state) => Nhs.Tag(State(state), state switch
    {
        nameof(Lifecycle.State.Closed) => "grey",
        nameof(Lifecycle.State.ReferredBack) or nameof(Lifecycle.State.AwaitingSignatureAndPurchaseOrder) or nameof(Lifecycle.State.AwaitingCohort)
            or nameof(Lifecycle.State.AwaitingDestructionCertificate) or nameof(Lifecycle.State.Enquiry) => "yellow",
        nameof(Lifecycle.State.Suspended) => "red",
        nameof(Lifecycle.State.Active) => "green",
        _ => "blue",
    });

    public static IHtmlContent SlaTag(string? status) => status switch
    {
        null or "" => new HtmlString("<span class=\"nhsuk-u-visually-hidden\">No service level clock</span>"),
        SlaReport.Breached => Nhs.Tag("Breached", "red"),
        SlaReport.AtRisk => Nhs.Tag("At risk", "orange"),
        SlaReport.Met => Nhs.Tag("Met", "green"),
        _ => Nhs.Tag("On track", "white"),
    };

    /// <summary>Work-queue order: breached, then at risk, then the rest.</summary>
    public static int SlaPriority(string? status) => status switch
    {
        SlaReport.Breached => 0,
        SlaReport.AtRisk => 1,
        SlaReport.OnTrack => 2,
        _ => 3,
    };
}
