using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Access;

/// <summary>
/// Releases the produced data by the access mode: <c>secure-file-transfer</c> hands over the production's
/// extracts (links come from <see cref="ReleaseLinks"/>); <c>secure-data-environment</c> records an access
/// grant (<c>grants/{applicationId}.json</c>) to the produced datasets. The grant id comes from the effect id,
/// so a repeated delivery records the same grant. A release overtaken by a revocation while it ran (the application
/// was suspended, withdrawn, terminated or expired meanwhile) records no grant and answers without one, so it cannot
/// restore access withdrawn after it began.
/// </summary>
public sealed class ReleaseDataActivity(ReleaseStore releases, TimeProvider time) : IActivity
{
    public const string SecureFileTransfer = "secure-file-transfer", SecureDataEnvironment = "secure-data-environment";

    public Type EffectType => typeof(ReleaseData);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var release = (ReleaseData)effect;
        var version = ReleaseStore.EffectVersion(application.Id, effectId);
        var extracts = application.Production.Extracts ?? [];
        var datasets = new List<string>();
        foreach (var name in extracts)
        {
            var extract = await releases.GetExtractAsync(name, cancellationToken);
            if (extract is null)
            {
                if (await releases.RevokedSinceAsync(application.Id, version, cancellationToken)) return new DataReleased(release.Mode);
                // Reinstated after a suspension, which withheld the extracts.
                if (await releases.RestoreWithheldAsync(name, cancellationToken)) extract = await releases.GetExtractAsync(name, cancellationToken);
            }
            datasets.Add((extract ?? throw new InvalidOperationException($"The produced extract '{name}' is no longer stored; produce the data again.")).DatasetId);
        }
        if (release.Mode == SecureDataEnvironment)
        {
            var grant = await releases.GrantAsync(new AccessGrant($"sde-{application.Id}-{ReleaseStore.ProductionId(application.Id, effectId)}",
                application.Id, datasets, extracts, time.GetUtcNow(), Version: version), cancellationToken);
            return new DataReleased(release.Mode, Grant: grant?.Grant);
        }
        return new DataReleased(release.Mode, Files: extracts);
    }
}
