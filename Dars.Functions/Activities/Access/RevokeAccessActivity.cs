using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Access;

/// <summary>Ends access to released data and records when; deleting release files and grants comes with the data issue.</summary>
public sealed class RevokeAccessActivity : IActivity
{
    public Type EffectType => typeof(RevokeAccess);

    public Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken) =>
        Task.FromResult<EventData>(new AccessRevoked(((RevokeAccess)effect).Reason));
}
