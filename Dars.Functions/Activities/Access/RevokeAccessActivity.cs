using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Access;

/// <summary>
/// Ends access: deletes every release blob of the application (so links already handed out stop working)
/// and marks its access grant revoked. Running it again finds nothing left to do and answers the same.
/// </summary>
public sealed class RevokeAccessActivity(ReleaseStore releases, TimeProvider time) : IActivity
{
    public Type EffectType => typeof(RevokeAccess);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        await releases.RevokeAsync(application.Id, time.GetUtcNow(), cancellationToken);
        return new AccessRevoked(((RevokeAccess)effect).Reason);
    }
}
