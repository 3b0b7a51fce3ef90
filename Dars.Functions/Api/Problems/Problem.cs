using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Api.Problems;

/// <summary>RFC 9457 problem details, made in one place so every error reads the same way.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = extensions ?? new Dictionary<string, object?>() });

    public static ProblemHttpResult BadRequest(string detail) => Of(400, "Bad request", detail);

    public static ProblemHttpResult Forbidden(string detail) => Of(403, "Forbidden", detail);

    public static ProblemHttpResult NotFound(string detail) => Of(404, "Not found", detail);

    public static ProblemHttpResult Validation(string detail, IReadOnlyDictionary<string, string[]> errors) =>
        Of(422, "Invalid request", detail, new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(message, new Dictionary<string, string[]> { [field] = [message] });
}
