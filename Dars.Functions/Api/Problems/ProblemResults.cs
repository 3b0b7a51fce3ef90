using Dars.Lifecycle;
using Dars.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dars.Api.Problems;

/// <summary>How the runtime's refusals read over HTTP.</summary>
public static class ProblemResults
{
    public static ProblemHttpResult For(Refused refused, IReadOnlyList<string> awaiting) => refused.Rejection.Kind switch
    {
        RejectionKind.Invalid => Problem.Validation(refused.Rejection.Detail, refused.Rejection.Errors ?? new Dictionary<string, string[]>()),
        RejectionKind.Forbidden => Problem.Forbidden(refused.Rejection.Detail),
        _ => Problem.Of(409, "Event not awaited", refused.Rejection.Detail, new Dictionary<string, object?>
        {
            ["state"] = refused.State.State.ToString(),
            ["awaiting"] = awaiting,
        }),
    };

    public static ProblemHttpResult NotFound(string id) =>
        Problem.NotFound($"There is no application {id} that you can see. Check the id (NIC- and six digits) and your organisation.");

    public static ProblemHttpResult PreconditionFailed(long expected, Application current) =>
        Problem.Of(412, "Version moved on", $"If-Match asked for version {expected} but the application is at version {current.Version}. Read it again and decide whether your event still applies.",
            new Dictionary<string, object?> { ["version"] = current.Version });

    public static ProblemHttpResult IdempotencyKeyReused(string key) =>
        Problem.Validation("Idempotency-Key", $"The Idempotency-Key '{key}' was already used for a different request on this application. Use a new key for a new request.");

    public static ProblemHttpResult ExternalReferenceTaken(string existingId) =>
        Problem.Of(409, "External reference in use", $"Your organisation's externalReference is already used by {existingId}. Use a new externalReference for a new application.",
            new Dictionary<string, object?> { ["existing"] = existingId });
}
