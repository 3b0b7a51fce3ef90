using Dars.Runtime.Clock;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages;

/// <summary>
/// Development only (as <c>POST /api/dev/clock</c>): move the clock forward and fire every timer and
/// daily check that falls due, to watch expiry, reminders and the service level clock without waiting.
/// </summary>
public sealed class DevClockModel(TimeProvider time, IServiceProvider services) : DarsPage
{
    public WebForm Form { get; private set; } = new();
    public DateTimeOffset Now => time.GetUtcNow();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (services.GetService<ClockAdvancer>() is not { } advancer) return NotFound();
        Form = WebForm.From(Request.Form);
        Form.Labels["advanceDays"] = "Days to move forward";
        if (!int.TryParse(Form.Trimmed("advanceDays"), out var days) || days is < 1 or > 3650)
        {
            Form.AddError("advanceDays", "Enter a whole number of days from 1 to 3650");
            return Page();
        }
        var now = await advancer.AdvanceAsync(TimeSpan.FromDays(days), ct);
        Success = $"The clock moved forward {days} days: it is now {Display.DateTime(now)}. Timers that fell due have fired.";
        return Redirect("/dev/clock");
    }
}
