using System.Globalization;
using System.Security.Claims;
using System.Text;
using Dars.Api.Problems;
using Dars.Api.Security;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Sla;
using Dars.Lifecycle.Submission;
using Dars.Runtime;
using Dars.Runtime.Index;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Api.Applications;

/// <summary>
/// Enquiries, applications and their events (API.md "Applications"). Each endpoint turns the request
/// into a command for the runtime and the outcome into a status code; the rules live in the decider.
/// </summary>
public static class ApplicationEndpoints
{
    private const int DefaultTop = 25, MaxTop = 100;

    public static IEndpointRouteBuilder MapApplications(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").RequireAuthorization(Policies.DarsUser).WithTags("Applications");

        api.MapPost("/enquiries", CreateEnquiry)
            .WithSummary("Start an enquiry (Applicant)")
            .Accepts<EnquirySubmitted>("application/json")
            .Produces<ApplicationStatus>(StatusCodes.Status201Created);
        api.MapPost("/applications", SubmitApplication)
            .WithSummary("Submit an application (Applicant); a repeated externalReference returns the existing one")
            .Accepts<ApplicationForm>("application/json")
            .Produces<ApplicationStatus>(StatusCodes.Status201Created)
            .Produces<ApplicationStatus>();
        api.MapGet("/applications", List).WithSummary("List applications, filtered, a page at a time");
        api.MapGet("/applications/{id}", Get).WithSummary("The status of one application");
        api.MapGet("/applications/{id}/history", History).WithSummary("The application's history, oldest first");
        api.MapPost("/applications/{id}/events/{eventName}", RaiseEvent)
            .WithSummary("Raise a lifecycle event; the body is the event's data")
            .Produces<ApplicationStatus>();
        return routes;
    }

    private static async Task<IResult> CreateEnquiry(HttpRequest request, ClaimsPrincipal user, ApplicationRuntime runtime, StatusFactory statuses,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken ct)
    {
        if (idempotencyKey is { Length: 0 or > 200 }) return Problem.BadRequest("Idempotency-Key must be 1 to 200 characters.");
        var (enquiry, problem) = await JsonBody.ReadAsync<EnquirySubmitted>(request, ct);
        if (problem is not null) return problem;
        var caller = user.ToCaller();
        var fingerprint = RowKeys.Hash(EventCatalog.NameOf<EnquirySubmitted>() + "\n" + DarsJson.SerializeEvent(enquiry!));
        var outcome = await runtime.CreateAsync(new Command(enquiry!, caller), new RaiseOptions(idempotencyKey, fingerprint, null), ct);
        if (outcome is Replayed) request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        return Created(outcome, caller, request, statuses);
    }

    private static async Task<IResult> SubmitApplication(HttpRequest request, ClaimsPrincipal user, ApplicationRuntime runtime, StatusFactory statuses, CancellationToken ct)
    {
        var (form, problem) = await JsonBody.ReadAsync<ApplicationForm>(request, ct);
        if (problem is not null) return problem;
        var caller = user.ToCaller();
        return Created(await runtime.SubmitAsync(new ApplicationSubmitted(form!), caller, ct), caller, request, statuses);
    }

    private static async Task<IResult> Get(string id, HttpRequest request, HttpResponse response, ClaimsPrincipal user, ApplicationRuntime runtime, StatusFactory statuses, CancellationToken ct)
    {
        var caller = user.ToCaller();
        var application = await runtime.GetAsync(id, caller, ct);
        if (application is null) return ProblemResults.NotFound(id);
        response.Headers.ETag = ETagOf(application);
        return TypedResults.Ok(statuses.For(application, caller, request));
    }

    private static async Task<IResult> History(string id, ClaimsPrincipal user, ApplicationRuntime runtime, CancellationToken ct)
    {
        var history = await runtime.GetHistoryAsync(id, user.ToCaller(), ct);
        return history is null ? ProblemResults.NotFound(id) : TypedResults.Ok(history.Select(HistoryEntry.Of).ToArray());
    }

    private static async Task<IResult> List(
        HttpRequest request, ClaimsPrincipal user, ApplicationIndex index,
        string? state, string? stage, string? slaStatus, string? organisation, string? top, string? continuationToken, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.OneOf("state", state, Enum.GetNames<State>().Where(s => s != nameof(State.New)).ToArray(), required: false);
        errors.OneOf("stage", stage, Enum.GetNames<Stage>(), required: false);
        errors.OneOf("slaStatus", slaStatus, [SlaReport.OnTrack, SlaReport.AtRisk, SlaReport.Breached, SlaReport.Met], required: false);
        // Read as text, so that "ten" is a field error like 0 is, not a binding failure.
        int? pageSize = null;
        if (top is not null)
        {
            if (int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxTop) pageSize = n;
            else errors.Add("top", $"top must be a whole number from 1 to {MaxTop}.");
        }
        string? token = null;
        if (continuationToken is not null && !TryDecodeToken(continuationToken, out token))
            errors.Add("continuationToken", "continuationToken is not one this API gave out; start again without it.");
        if (errors.Any) return Problem.Validation("The query has invalid parameters; see errors.", errors.ToDictionary());

        var caller = user.ToCaller();
        if (!caller.Roles.Any(r => r != Role.Applicant))
        {
            // Applicants list their own organisation's applications only, whatever they ask for.
            if (organisation is not null && !string.Equals(organisation, caller.Organisation, StringComparison.OrdinalIgnoreCase))
                return TypedResults.Ok(new ApplicationList([], null));
            organisation = caller.Organisation ?? "-";
        }

        var page = await index.QueryAsync(new IndexQuery(state, stage, slaStatus, organisation), pageSize ?? DefaultTop, token, ct);
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return TypedResults.Ok(new ApplicationList(
            page.Items.Select(e => ApplicationSummary.Of(e, baseUrl)).ToArray(),
            page.ContinuationToken is null ? null : EncodeToken(page.ContinuationToken)));
    }

    private static async Task<IResult> RaiseEvent(
        string id, string eventName, HttpRequest request, HttpResponse response, ClaimsPrincipal user,
        ApplicationRuntime runtime, StatusFactory statuses,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CancellationToken ct)
    {
        if (!EventCatalog.TryGetType(eventName, out var type))
            return Problem.NotFound($"There is no event '{eventName}'. Events: {string.Join(", ", EventCatalog.Names.Where(n => !EventCatalog.IsSystemOnly(n)).Order())}.");
        if (type == typeof(CohortUploaded))
            return Problem.BadRequest($"A cohort is uploaded as a file: PUT /api/applications/{id}/cohort?fileName=… with the CSV as the body.");
        var caller = user.ToCaller();
        if (Decider.MayEverRaise(eventName, caller) is { } forbidden) return Problem.Forbidden(forbidden.Detail);

        long? expectedVersion = null;
        if (ifMatch is not null)
        {
            if (!long.TryParse(ifMatch.Trim().Trim('"'), out var version))
                return Problem.BadRequest($"If-Match must be the version in quotes, e.g. \"7\" (got {ifMatch}).");
            expectedVersion = version;
        }
        if (idempotencyKey is { Length: 0 or > 200 })
            return Problem.BadRequest("Idempotency-Key must be 1 to 200 characters.");

        var (body, malformed) = await JsonBody.ReadElementAsync(request, ct);
        if (malformed is not null) return malformed;
        var (data, invalid) = BindEvent(body, type);
        if (invalid is not null)
        {
            // Not awaited, or not by this person, is the answer that matters, whatever is wrong with the body.
            var current = await runtime.GetAsync(id, caller, ct);
            if (current is null) return ProblemResults.NotFound(id);
            return Decider.Admit(eventName, current, caller) is { } refused
                ? ProblemResults.For(new Refused(refused, current), Decider.Awaiting(current, caller))
                : invalid;
        }

        var fingerprint = RowKeys.Hash(eventName + "\n" + DarsJson.SerializeEvent(data!));
        var outcome = await runtime.RaiseAsync(id, new Command(data!, caller), new RaiseOptions(idempotencyKey, fingerprint, expectedVersion), ct);
        switch (outcome)
        {
            case Applied applied:
                response.Headers.ETag = ETagOf(applied.State);
                return TypedResults.Ok(statuses.For(applied.State, caller, request));
            case Replayed replayed:
                response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(statuses.For(replayed.State, caller, request));
            default:
                return Failure(outcome, id, caller, expectedVersion);
        }
    }

    /// <summary>Event bodies are the event's data; the application and a resubmission's changes are the form itself.</summary>
    private static (EventData? Data, ProblemHttpResult? Problem) BindEvent(System.Text.Json.JsonElement body, Type type)
    {
        if (type == typeof(ApplicationSubmitted) || type == typeof(Resubmission))
        {
            var (form, problem) = JsonBody.Bind<ApplicationForm>(body);
            if (problem is not null) return (null, problem);
            return (type == typeof(ApplicationSubmitted) ? new ApplicationSubmitted(form!) : new Resubmission(form!), null);
        }
        var (value, error) = JsonBody.Bind(body, type);
        return ((EventData?)value, error);
    }

    private static IResult Created(CommandOutcome outcome, Caller caller, HttpRequest request, StatusFactory statuses)
    {
        switch (outcome)
        {
            case Applied applied:
                var status = statuses.For(applied.State, caller, request);
                request.HttpContext.Response.Headers.ETag = ETagOf(applied.State);
                return TypedResults.Created(status.Links.Self, status);
            case Replayed replayed:
                return TypedResults.Ok(statuses.For(replayed.State, caller, request));
            default:
                return Failure(outcome, "", caller, null);
        }
    }

    private static IResult Failure(CommandOutcome outcome, string id, Caller caller, long? expectedVersion) => outcome switch
    {
        Refused refused => ProblemResults.For(refused, Decider.Awaiting(refused.State, caller)),
        Runtime.NotFound => ProblemResults.NotFound(id),
        PreconditionFailed failed => ProblemResults.PreconditionFailed(expectedVersion ?? 0, failed.State),
        IdempotencyKeyReused reused => ProblemResults.IdempotencyKeyReused(reused.Key),
        ExternalReferenceTaken taken => ProblemResults.ExternalReferenceTaken(taken.ExistingId),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
    };

    private static string ETagOf(Application application) => $"\"{application.Version}\"";

    private static string EncodeToken(string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeToken(string encoded, out string? token)
    {
        token = null;
        var base64 = encoded.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return false;
        token = Encoding.UTF8.GetString(bytes, 0, written);
        // The index's tokens are "<next partition key> <next row key>"; anything else is not one we gave out.
        var parts = token.Split(' ');
        return parts.Length == 2 && parts[0].Length > 0 && !token.Any(char.IsControl);
    }
}
