using System.Text.RegularExpressions;
using Dars.Lifecycle;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages;

/// <summary>
/// Development sign-in: pick a user, a role and an organisation, and get a cookie with the claims a
/// token would carry (sub, role, org). Only routed in Development (see <see cref="DarsWeb.AddDarsWeb"/>).
/// </summary>
public sealed partial class SignInModel : DarsPage
{
    public static readonly IReadOnlyDictionary<Role, string> RoleHints = new Dictionary<Role, string>
    {
        [Role.Applicant] = "Submits and follows applications for one organisation",
        [Role.CaseOfficer] = "Reviews applications, records external approvals, signs agreements",
        [Role.Approver] = "Approves or rejects assessed applications and renewals",
        [Role.DataProducer] = "Maintains datasets and the objection register, signs off produced data",
        [Role.Auditor] = "Records audits and closes findings",
    };

    public static readonly IReadOnlyList<(string User, Role Role, string? Org)> Examples =
    [
        ("alice", Role.Applicant, "X26"), ("olivia", Role.CaseOfficer, null), ("ann", Role.Approver, null),
        ("pat", Role.DataProducer, null), ("audrey", Role.Auditor, null),
    ];

    public WebForm Form { get; private set; } = new();
    public string ReturnUrl { get; private set; } = "/applications";

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        Form.Set("role", nameof(Role.Applicant));
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = Local(returnUrl);
        Form = WebForm.From(Request.Form);
        Form.Labels["user"] = "User name";
        var user = Form.Trimmed("user");
        var org = Form.Trimmed("org");
        if (user is null) Form.AddError("user", "Enter a user name");
        else if (!UserPattern().IsMatch(user)) Form.AddError("user", "User name must be 1 to 64 letters, digits, dots, hyphens or underscores");
        Role? role = Enum.TryParse<Role>(Form.Value("role"), out var r) && r != Role.System ? r : null;
        if (role is null) Form.AddError("role", "Select a role");
        if (role == Role.Applicant && org is null) Form.AddError("org", "Enter your organisation's ODS code: applicants act for one organisation");
        else if (org is not null && !OdsPattern().IsMatch(org)) Form.AddError("org", "ODS code must be 3 to 10 letters and digits, for example X26");
        if (Form.HasErrors) return Page();

        await DarsWeb.SignInAsync(HttpContext, DarsWeb.DevelopmentPrincipal(user!, [role!.Value], org));
        return LocalRedirect(ReturnUrl);
    }

    private string Local(string? url) => url is { Length: > 0 } && Url.IsLocalUrl(url) && !url.StartsWith("/sign-", StringComparison.Ordinal) ? url : "/applications";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^[A-Za-z0-9]{3,10}$")]
    private static partial Regex OdsPattern();
}
