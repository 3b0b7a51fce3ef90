using System.Security.Claims;
using Dars.Activities.Cohort;
using Dars.Api.Problems;
using Dars.Api.Security;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;

namespace Dars.Api.Applications;

/// <summary>The cohort file: upload (streamed to blob storage), then its validation's summary and error report.</summary>
public static class CohortEndpoints
{
    public static IEndpointRouteBuilder MapCohort(this IEndpointRouteBuilder routes)
    {
        var cohort = routes.MapGroup("/api/applications/{id}/cohort").RequireAuthorization(Policies.DarsUser).WithTags("Files");
        cohort.MapPut("", Upload).Accepts<Stream>("text/csv")
            .WithSummary("Upload the cohort file (Applicant, in AwaitingCohort); validation follows (202)");
        cohort.MapGet("/summary", Summary).WithSummary("The cohort validation's summary");
        cohort.MapGet("/errors", Errors).WithSummary("The cohort validation's error report (CSV: ROW, UNIQUE REFERENCE, FIELD, ERROR)");
        return routes;
    }

    private static async Task<IResult> Upload(string id, string? fileName, HttpRequest request, HttpResponse response, ClaimsPrincipal user,
        ApplicationRuntime runtime, CohortFiles files, CohortHousekeeping housekeeping, FileLimits limits, StatusFactory statuses, CancellationToken ct)
    {
        var caller = user.ToCaller();
        var uploaded = EventCatalog.NameOf<CohortUploaded>();
        if (!caller.Has(Role.Applicant)) return Problem.Forbidden("Only the applicant uploads the cohort.");
        if (await runtime.GetAsync(id, caller, ct) is not { } application) return ProblemResults.NotFound(id);
        if (!caller.On(application).Has(Role.Applicant)) return Problem.Forbidden("Only the applicant's own organisation uploads its cohort.");
        var awaiting = Decider.Awaiting(application, caller);
        if (!awaiting.Contains(uploaded))
            return ProblemResults.For(new Refused(new Rejected(RejectionKind.NotAwaited,
                $"A cohort is not awaited while the application is {application.State}."), application), awaiting);
        if (string.IsNullOrWhiteSpace(fileName))
            return Problem.Validation("fileName", $"Give the file's name as ?fileName=, starting with the application's reference, e.g. {id}_upload.csv.");
        if (CsvBody.Check(request, limits.MaxCohortBytes) is { } problem) return problem;

        string blobName;
        try { blobName = await files.UploadAsync(id, fileName, request.Body, limits.MaxCohortBytes, ct); }
        catch (CohortTooLargeException) { return CsvBody.TooLarge(limits.MaxCohortBytes); }

        var outcome = await runtime.RaiseAsync(id, new Command(new CohortUploaded(fileName, blobName), caller), RaiseOptions.None, ct);
        if (outcome is not Applied applied)
        {
            await housekeeping.DiscardRefusedAsync(id, blobName, CancellationToken.None);
            return outcome is Refused refused ? ProblemResults.For(refused, Decider.Awaiting(refused.State, caller)) : ProblemResults.NotFound(id);
        }
        response.Headers.Location = $"/api/applications/{id}/cohort/summary";
        return TypedResults.Json(statuses.For(applied.State, caller, request), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> Summary(string id, ClaimsPrincipal user, ApplicationRuntime runtime, CohortFiles files, CancellationToken ct)
    {
        if (await Uploaded(id, user, runtime, ct) is not { } blob) return NoCohort(id);
        return await files.GetSummaryAsync(blob, ct) is { } summary ? TypedResults.Ok(summary) : StillValidating();
    }

    private static async Task<IResult> Errors(string id, ClaimsPrincipal user, ApplicationRuntime runtime, CohortFiles files, CancellationToken ct)
    {
        if (await Uploaded(id, user, runtime, ct) is not { } blob) return NoCohort(id);
        if (await files.GetSummaryAsync(blob, ct) is null || await files.OpenErrorsAsync(blob, ct) is not { } errors) return StillValidating();
        return TypedResults.Stream(errors, "text/csv", $"{id}_cohort_errors.csv");
    }

    private static async Task<string?> Uploaded(string id, ClaimsPrincipal user, ApplicationRuntime runtime, CancellationToken ct) =>
        (await runtime.GetAsync(id, user.ToCaller(), ct))?.Cohort.BlobName;

    private static IResult NoCohort(string id) =>
        Problem.NotFound($"No cohort file has been uploaded for {id} (or there is no such application that you can see).");

    private static IResult StillValidating() =>
        Problem.Of(409, "Still validating", "The cohort file is being validated; ask again in a moment.");
}
