using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages;

/// <summary>The start page: signed-in people go straight to their applications.</summary>
public sealed class IndexModel : DarsPage
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true && Caller.Roles.Count > 0 ? Redirect("/applications") : Page();
}
