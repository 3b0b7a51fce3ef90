using Dars.Api.Security;
using Dars.Lifecycle;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dars.Web.Pages;

/// <summary>What every page knows: the person signed in, as the API would see them.</summary>
public abstract class DarsPage : PageModel
{
    /// <summary>A one-off message for the next page (NHS.UK success banner).</summary>
    [TempData] public string? Success { get; set; }

    public Caller Caller => User.ToCaller();

    public bool IsApplicantOnly => Caller.Roles.Count > 0 && Caller.Roles.All(r => r == Role.Applicant);
}
