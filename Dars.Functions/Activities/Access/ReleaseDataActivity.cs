using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Access;

/// <summary>
/// Releases the produced data by the application's access mode: a grant in the secure data environment,
/// or the extracts for secure file transfer (the files themselves come with the data issue).
/// </summary>
public sealed class ReleaseDataActivity : IActivity
{
    public Type EffectType => typeof(ReleaseData);

    public Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var release = (ReleaseData)effect;
        return Task.FromResult<EventData>(release.Mode == "secure-data-environment"
            ? new DataReleased(release.Mode, Grant: $"sde-{application.Id}-v{application.Version}")
            : new DataReleased(release.Mode, Files: application.Production.Extracts ?? []));
    }
}
