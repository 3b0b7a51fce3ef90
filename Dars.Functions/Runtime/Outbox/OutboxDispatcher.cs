using Dars.Lifecycle;
using Dars.Runtime.Activities;
using Dars.Runtime.Index;
using Dars.Runtime.Instances;
using Dars.Runtime.Timers;

namespace Dars.Runtime.Outbox;

/// <summary>
/// Carries a commit's outbox out into the world: activities onto the queue, timers into the timer
/// table, the application into the query index; then deletes the entries. Every step may be repeated
/// (a sweep after a crash), and each is safe to repeat.
/// </summary>
public sealed class OutboxDispatcher(ApplicationStore store, ActivityQueue activities, TimerTable timers, ApplicationIndex index)
{
    public async Task DispatchAsync(Application state, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        using var trace = ApplicationRuntime.Tracing.StartActivity("dispatch");
        trace?.SetTag("dars.application", state.Id);
        foreach (var entry in entries)
        {
            switch (entry.Effect)
            {
                case null:
                    await index.ProjectAsync(state, cancellationToken);
                    break;
                case ScheduleTimer timer:
                    await timers.ScheduleAsync(new DueTimer(entry.ApplicationId, timer.Timer, timer.DueAt), cancellationToken);
                    break;
                case var effect:
                    await activities.SendAsync(new ActivityMessage(entry.ApplicationId, entry.EffectId, effect), cancellationToken);
                    break;
            }
        }
        await store.DeleteOutboxAsync(entries, cancellationToken);
    }

    /// <summary>Dispatches whatever one application's outbox still holds, against its current snapshot.</summary>
    public async Task<int> DispatchPendingAsync(string applicationId, CancellationToken cancellationToken)
    {
        var entries = await store.GetOutboxAsync(applicationId, cancellationToken);
        var stored = await store.GetAsync(applicationId, cancellationToken);
        if (entries.Count == 0 || stored is null) return 0;
        await DispatchAsync(stored.State, entries, cancellationToken);
        return entries.Count;
    }
}
