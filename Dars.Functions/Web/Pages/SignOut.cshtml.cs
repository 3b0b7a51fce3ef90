using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages;

/// <summary>Ends the session: the cookie, and the Entra ID session when that is how the person signed in.</summary>
[AllowAnonymous]
public sealed class SignOutModel(WebSignInOptions signIn) : DarsPage
{
    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Redirect("/applications") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DarsWeb.CookieScheme);
        if (signIn.OpenIdConnect && User.FindFirst("oid") is not null)
            return SignOut(new AuthenticationProperties { RedirectUri = "/sign-out" }, DarsWeb.OidcScheme);
        return Redirect("/sign-out");
    }
}
