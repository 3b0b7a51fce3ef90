using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Access;

/// <summary>
/// Ends access: deletes the release blobs of the application's productions so far (so links already handed out
/// stop working) and marks its access grant revoked. Running it again finds nothing left to do and answers the
/// same; run late, after the application was reinstated and released again, it leaves the new release alone.
/// </summary>
public sealed class RevokeAccessActivity(ReleaseStore releases, TimeProvider time) : IActivity
{
    public Type EffectType => typeof(RevokeAccess);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        await releases.RevokeAsync(application.Id, ReleaseStore.EffectVersion(application.Id, effectId), time.GetUtcNow(), cancellationToken);
        return new AccessRevoked(((RevokeAccess)effect).Reason);
    }
}
