using System.Security.Claims;
using Dars.Activities.Release;
using Dars.Api.Problems;
using Dars.Api.Security;
using Dars.Lifecycle;
using Dars.Runtime;

namespace Dars.Api.Applications;

/// <summary><c>GET /api/applications/{id}/release</c>: how the applicant reaches the released data now.</summary>
public static class ReleaseEndpoints
{
    public sealed record ReleasedFile(string Dataset, string Name, long Rows, Uri Url, DateTimeOffset ExpiresAt);

    public static IEndpointRouteBuilder MapRelease(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/applications/{id}/release", Get).RequireAuthorization(Policies.DarsUser).WithTags("Files")
            .WithSummary("Read-only, time-limited links to the released files, or the access grant (Applicant, CaseOfficer)");
        return routes;
    }

    private static async Task<IResult> Get(string id, ClaimsPrincipal user, ApplicationRuntime runtime, ReleaseLinks links, FileLimits limits, CancellationToken ct)
    {
        var caller = user.ToCaller();
        if (!caller.Has(Role.Applicant) && !caller.Has(Role.CaseOfficer))
            return Problem.Forbidden("Release links are for the applicant and case officers.");
        if (await runtime.GetAsync(id, caller, ct) is not { } application) return ProblemResults.NotFound(id);
        if (!caller.On(application).Has(Role.Applicant) && !caller.Has(Role.CaseOfficer))
            return Problem.Forbidden("Release links are for the applicant's own organisation and case officers.");
        if (!application.Release.AccessOpen)
            return Problem.Of(409, "Nothing released", application.Release.RevokedAt is { } revoked
                ? $"Access to this application's data was revoked at {revoked:u}."
                : $"No data is released for this application yet (it is {application.State}).",
                new Dictionary<string, object?> { ["state"] = application.State.ToString() });

        if (application.Release.Mode == "secure-data-environment")
            return TypedResults.Ok(new { mode = application.Release.Mode, grant = application.Release.Grant });
        var files = await links.GetLinksAsync(application, limits.ReleaseLinkValidity, ct);
        return TypedResults.Ok(new
        {
            mode = application.Release.Mode,
            files = files.Select(f => new ReleasedFile(f.Dataset, f.Name, f.Rows, f.Url, f.ExpiresAt)).ToArray(),
        });
    }
}
