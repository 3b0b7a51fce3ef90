using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;
using Dars.Runtime.Instances;

namespace Dars.Activities.Access;

/// <summary>
/// Ends access: takes away the release blobs of the application's productions so far, so links already handed out
/// stop working (kept aside when the effect says to withhold them, for a suspension; deleted otherwise), and marks
/// its access record revoked. Running it again finds nothing left to do and answers the same; run late, after the
/// application was reinstated and released again, it leaves the new release alone.
/// </summary>
public sealed class RevokeAccessActivity(ReleaseStore releases, TimeProvider time) : IActivity
{
    public Type EffectType => typeof(RevokeAccess);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var revoke = (RevokeAccess)effect;
        await releases.RevokeAsync(application.Id, OutboxEntry.VersionOf(application.Id, effectId), withhold: revoke.Withhold,
            time.GetUtcNow(), cancellationToken);
        return new AccessRevoked(revoke.Reason);
    }
}
