using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Diagnostics;
using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Activities;

/// <summary>
/// Runs one delivered activity message. The same handler serves the in-process queue runner and a
/// Functions host queue-trigger invocation: it says what to do with the message, the trigger does it.
/// </summary>
public sealed class ActivityWorker(
    ApplicationStore store,
    ApplicationRuntime runtime,
    IEnumerable<IActivity> activities,
    TimeProvider time,
    RuntimeOptions options,
    ILogger<ActivityWorker> logger)
{
    private readonly Dictionary<Type, IActivity> _byEffect = activities.ToDictionary(a => a.EffectType);

    public async Task<ActivityResult> HandleAsync(ActivityMessage message, long deliveryCount, CancellationToken cancellationToken)
    {
        using var trace = ApplicationRuntime.Tracing.StartActivity("activity " + message.Effect.Activity);
        trace?.SetTag("dars.application", message.ApplicationId);
        trace?.SetTag("dars.effect", message.EffectId);

        // The result is recorded under the effect id, a failure for good under failed:{effect id}: if either is there,
        // this delivery is a duplicate (a retry-activity runs the effect again under a new id).
        if (await store.GetIdempotencyAsync(message.ApplicationId, message.EffectId, cancellationToken) is not null
            || await store.GetIdempotencyAsync(message.ApplicationId, FailedKey(message.EffectId), cancellationToken) is not null)
            return ActivityResult.Completed;
        if (!await store.TryClaimAsync(message.ApplicationId, message.EffectId, time.GetUtcNow(), options.ActivityLease, cancellationToken))
        {
            logger.LogInformation("Activity {Effect} is running elsewhere; will look again later", message.EffectId);
            return ActivityResult.RetryLater;
        }

        try
        {
            var stored = await store.GetAsync(message.ApplicationId, cancellationToken)
                ?? throw new InvalidOperationException($"Application {message.ApplicationId} does not exist.");
            if (!_byEffect.TryGetValue(message.Effect.GetType(), out var activity))
                throw new InvalidOperationException($"No activity carries out {message.Effect.Activity}.");

            var result = await activity.RunAsync(stored.State, message.EffectId, message.Effect, cancellationToken);
            await Record(message, result, message.EffectId, cancellationToken);
            return ActivityResult.Completed;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await store.ReleaseClaimAsync(message.ApplicationId, message.EffectId, cancellationToken);
            var error = Redactor.Redact($"{e.GetType().Name}: {e.Message}");
            if (deliveryCount < options.ActivityMaxAttempts)
            {
                logger.LogWarning("Activity {Activity} for {Application} failed on attempt {Attempt}: {Error}",
                    message.Effect.Activity, message.ApplicationId, deliveryCount, error);
                return ActivityResult.RetryLater;
            }
            logger.LogError("Activity {Activity} for {Application} failed for good after {Attempts} attempts: {Error}",
                message.Effect.Activity, message.ApplicationId, deliveryCount, error);
            await Record(message, new ActivityFailed(message.Effect.Activity, error, (int)deliveryCount, message.Effect),
                FailedKey(message.EffectId), cancellationToken);
            return ActivityResult.Poisoned;
        }
    }

    private static string FailedKey(string effectId) => "failed:" + effectId;

    public TimeSpan BackoffFor(long deliveryCount) =>
        TimeSpan.FromTicks(Math.Min(options.ActivityMaxBackoff.Ticks, options.ActivityBaseBackoff.Ticks * (1L << (int)Math.Min(deliveryCount - 1, 20))));

    private async Task Record(ActivityMessage message, EventData result, string key, CancellationToken cancellationToken)
    {
        var outcome = await runtime.RaiseAsync(message.ApplicationId, new Command(result, Caller.System),
            new RaiseOptions(key, key), cancellationToken);
        if (outcome is Refused refused)
            logger.LogWarning("Result of {Effect} was not recorded: {Reason}", message.EffectId, refused.Rejection.Detail);
    }
}
