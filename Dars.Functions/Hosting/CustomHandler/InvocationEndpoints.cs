using System.Text.Json;
using Dars.Runtime.Activities;
using Dars.Runtime.Outbox;
using Dars.Runtime.Sla;
using Dars.Runtime.Timers;

namespace Dars.Hosting.CustomHandler;

/// <summary>
/// The custom handler's invocation endpoints: the Functions host's queue and timer triggers call the same
/// handlers the standalone runners call. Mapped only in custom-handler mode, where the app listens on
/// the loopback port the host gives it, so nothing outside the host can reach them.
/// </summary>
public static class InvocationEndpoints
{
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/").AllowAnonymous().ExcludeFromDescription();
        group.MapPost(FunctionNames.Activities, Activity);
        group.MapPost(FunctionNames.DueTimers, async (TimerSweep sweep, CancellationToken ct) =>
            InvocationResponse.Done($"Fired {await sweep.RunAsync(ct)} due timers."));
        group.MapPost(FunctionNames.DailyChecks, async (DailyChecks checks, CancellationToken ct) =>
            InvocationResponse.Done($"Daily checks done ({await checks.RunAllAsync(ct)})."));
        group.MapPost(FunctionNames.OutboxSweep, async (OutboxSweep sweep, CancellationToken ct) =>
            InvocationResponse.Done($"Dispatched {await sweep.RunAsync(ct)} outbox entries."));
        return routes;
    }

    /// <summary>
    /// A queue-trigger invocation: <c>Data.message</c> is the activity message, <c>Metadata.DequeueCount</c>
    /// the delivery count. A failing answer (500) leaves the retry to the host. A failure for good is recorded on the
    /// application and the message copied to the poison queue here, and answered 200: the host's own poison path
    /// (host.json's maxDequeueCount, set above the worker's attempts) is left only for deliveries that never got past
    /// a claim held by a run that died, so that the lease runs out before it and the worker records the failure.
    /// </summary>
    private static async Task<IResult> Activity(InvocationRequest invocation, ActivityWorker worker, ActivityQueue queue, CancellationToken ct)
    {
        if (Find(invocation.Data, "message") is not { } raw)
            return Results.BadRequest(InvocationResponse.Done("The invocation has no Data.message."));
        var body = raw.ValueKind == JsonValueKind.String ? raw.GetString()! : raw.GetRawText();
        var message = ActivityQueue.Parse(BinaryData.FromString(body));
        var deliveries = Find(invocation.Metadata, "DequeueCount") switch
        {
            { ValueKind: JsonValueKind.Number } number => number.GetInt64(),
            { ValueKind: JsonValueKind.String } text when long.TryParse(text.GetString(), out var parsed) => parsed,
            _ => 1,
        };

        var result = await worker.HandleAsync(message, deliveries, ct);
        if (result == ActivityResult.Poisoned) await queue.PoisonAsync(body, ct);
        var response = InvocationResponse.Done($"{message.Effect.Activity} for {message.ApplicationId}: {result}");
        return result == ActivityResult.RetryLater
            ? Results.Json(response, statusCode: StatusCodes.Status500InternalServerError)
            : Results.Ok(response);
    }

    /// <summary>A binding or metadata value by name, as the host spells it or otherwise.</summary>
    private static JsonElement? Find(Dictionary<string, JsonElement>? values, string name) =>
        values?.FirstOrDefault(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found
            ? found.Value
            : null;
}
