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

    /// <summary>
    /// The Idempotency-Key a page's form is sent with: one per page shown, carried back in a hidden field, so that the
    /// same form sent twice is applied once.
    /// </summary>
    public string IdempotencyKey { get; private set; } = NewKey();

    /// <summary>Takes the key the form came back with (a new one if it came without one this page could have given).</summary>
    protected void KeepIdempotencyKey(string? sent) => IdempotencyKey = sent is { Length: > 0 and <= 200 } ? sent : NewKey();

    /// <summary>Gives the page a new key: the one it had was used for another request.</summary>
    protected void RenewIdempotencyKey() => IdempotencyKey = NewKey();

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
