using Dars.Api.Problems;
using Dars.Api.Security;
using Dars.Runtime.Clock;
using Dars.Runtime.Storage;

namespace Dars.Api.Operations;

/// <summary>Health, and in Development the clock that lets a person see months pass.</summary>
public static class OperationsEndpoints
{
    public sealed record ClockAdvance(int? AdvanceDays);

    public sealed record ClockNow(DateTimeOffset Now);

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder routes, bool development)
    {
        routes.MapGet("/api/health", Health).AllowAnonymous().WithTags("Operations").WithSummary("200 when storage answers, 503 otherwise");
        if (development)
            routes.MapPost("/api/dev/clock", AdvanceClock).RequireAuthorization(Policies.DarsUser).WithTags("Development")
                .WithSummary("Move the clock forward and fire every timer that falls due (Development only)");
        return routes;
    }

    private static async Task<IResult> Health(StorageClients storage, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await foreach (var _ in storage.Tables.GetTableClient(storage.Options.InstancesTable)
                               .QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token).AsPages())
                break;
            return TypedResults.Ok(new { status = "healthy" });
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Problem.Of(503, "Storage unavailable", "DARS cannot reach its storage account; check AzureWebJobsStorage and that Azurite (or the account) is running.");
        }
    }

    private static async Task<IResult> AdvanceClock(HttpRequest request, ClockAdvancer advancer, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClockAdvance>(request, ct);
        if (problem is not null) return problem;
        if (body!.AdvanceDays is not (>= 1 and <= 3650))
            return Problem.Validation("advanceDays", "advanceDays must be a whole number of days from 1 to 3650.");
        return TypedResults.Ok(new ClockNow(await advancer.AdvanceAsync(TimeSpan.FromDays(body.AdvanceDays.Value), ct)));
    }
}
