using System.Text.Json;
using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Timers;

/// <summary>
/// Turns a due timer into the system event it names, raised on its application. A timer the decider
/// refuses (the application moved on, or was renewed) is stale and simply dropped.
/// </summary>
public sealed class TimerCommands(ApplicationRuntime runtime, ILogger<TimerCommands> logger) : ITimerTarget
{
    public async Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        if (!EventCatalog.TryGetType(timer.Timer, out var type))
        {
            logger.LogError("Timer {Timer} on {Application} names no event; dropped", timer.Timer, timer.ApplicationId);
            return;
        }
        var data = (EventData)new JsonObject { ["dueAt"] = timer.DueAt }.Deserialize(type, DarsJson.Options)!;
        var key = $"timer:{timer.Timer}:{timer.DueAt:O}";
        var outcome = await runtime.RaiseAsync(timer.ApplicationId, new Command(data, Caller.System), new RaiseOptions(key, key), cancellationToken);
        if (outcome is Refused refused)
            logger.LogInformation("Timer {Timer} on {Application} is stale: {Reason}", timer.Timer, timer.ApplicationId, refused.Rejection.Detail);
    }
}
