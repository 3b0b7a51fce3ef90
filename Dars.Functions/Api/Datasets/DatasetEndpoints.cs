using System.Security.Claims;
using Dars.Activities.Data;
using Dars.Api.Problems;
using Dars.Api.Security;
using Dars.Lifecycle;

namespace Dars.Api.Datasets;

/// <summary>Datasets and the objection register, maintained by data producers (API.md "Datasets and objections").</summary>
public static class DatasetEndpoints
{
    public static IEndpointRouteBuilder MapDatasets(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").RequireAuthorization(Policies.DarsUser).WithTags("Datasets and objections");
        api.MapPut("/datasets/{datasetId}", PutDataset).Accepts<Stream>("text/csv")
            .WithSummary("Create or replace a dataset (DataProducer): CSV, first column NHS_NUMBER, the rest its fields");
        api.MapGet("/datasets", List).WithSummary("The datasets with their fields and row counts");
        api.MapPut("/objections", PutObjections).Accepts<Stream>("text/csv")
            .WithSummary("Replace the objection register (DataProducer): NHS_NUMBER,OBJECTION_TYPE");
        return routes;
    }

    private static async Task<IResult> PutDataset(string datasetId, HttpRequest request, ClaimsPrincipal user, DatasetStore store, FileLimits limits, CancellationToken ct)
    {
        if (Forbidden(user) is { } forbidden) return forbidden;
        if (!DatasetStore.IsValidId(datasetId))
            return Problem.Validation("datasetId", "A dataset id is 1 to 64 lowercase letters, digits and hyphens, e.g. hes-apc.");
        if (CsvBody.Check(request, limits.MaxDatasetBytes) is { } problem) return problem;

        var result = await store.PutAsync(datasetId, request.Body, ct);
        if (result.Info is not { } info)
            return Problem.Validation($"The file is not a valid dataset; the first problems are listed. Fix them and upload it again.",
                new Dictionary<string, string[]> { ["body"] = [.. result.Problems] });
        var body = new { id = info.Id, fields = info.Fields, rows = info.Rows };
        return result.Created ? TypedResults.Created($"/api/datasets/{info.Id}", body) : TypedResults.Ok(body);
    }

    private static async Task<IResult> List(DatasetStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(d => new { id = d.Id, fields = d.Fields, rows = d.Rows }).ToArray());

    private static async Task<IResult> PutObjections(HttpRequest request, ClaimsPrincipal user, ObjectionRegister register, FileLimits limits, CancellationToken ct)
    {
        if (Forbidden(user) is { } forbidden) return forbidden;
        if (CsvBody.Check(request, limits.MaxDatasetBytes) is { } problem) return problem;

        var result = await register.ReplaceAsync(request.Body, ct);
        return result.Problems.Count > 0
            ? Problem.Validation("The register is not valid; the first problems are listed. Nothing was replaced.",
                new Dictionary<string, string[]> { ["body"] = [.. result.Problems] })
            : TypedResults.Ok(new { count = result.Count });
    }

    private static IResult? Forbidden(ClaimsPrincipal user) =>
        user.ToCaller().Has(Role.DataProducer) ? null : Problem.Forbidden("Only a DataProducer maintains datasets and the objection register.");
}
