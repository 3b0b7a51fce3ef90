using Dars.Activities.Release;
using Dars.Api;
using Dars.Lifecycle;
using Dars.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Applications;

/// <summary>The released data: read-only, time-limited links (as <c>GET /api/applications/{id}/release</c>), or the access grant.</summary>
public sealed class ReleaseModel(ApplicationRuntime runtime, ReleaseLinks links, IServiceProvider services) : DarsPage
{
    public Application Application { get; private set; } = new();
    public IReadOnlyList<ReleaseFileLink> Files { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!Caller.Has(Role.Applicant) && !Caller.Has(Role.CaseOfficer)) return Forbid();
        if (await runtime.GetAsync(id, Caller, ct) is not { } application) return NotFound();
        if (!Caller.On(application).Has(Role.Applicant) && !Caller.Has(Role.CaseOfficer)) return Forbid();
        Application = application;
        if (application.Release.AccessOpen && application.Release.Mode != "secure-data-environment")
            Files = await links.GetLinksAsync(application, services.GetService<FileLimits>()?.ReleaseLinkValidity ?? ReleaseLinks.DefaultValidity, ct);
        return Page();
    }
}
