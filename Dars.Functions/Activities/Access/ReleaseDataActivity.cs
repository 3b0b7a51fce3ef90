using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;
using Dars.Runtime.Instances;

namespace Dars.Activities.Access;

/// <summary>
/// Releases the produced data by the access mode: <c>secure-file-transfer</c> hands over the production's
/// extracts (links come from <see cref="ReleaseLinks"/>); <c>secure-data-environment</c> grants access to the
/// produced datasets. Either way the release is recorded in the application's access record
/// (<c>grants/{applicationId}.json</c>, <see cref="AccessGrant"/>) under an id from the effect id, so a repeated
/// delivery records the same release. A release overtaken by a revocation (the application was suspended, withdrawn,
/// terminated or expired before or while it ran) records nothing and answers with neither files nor grant, so it
/// cannot restore access withdrawn after it was asked for. A release after reinstatement puts back the extracts the
/// suspension withheld; an extract missing for any other reason fails it.
/// </summary>
public sealed class ReleaseDataActivity(ReleaseStore releases, TimeProvider time) : IActivity
{
    public const string SecureFileTransfer = "secure-file-transfer", SecureDataEnvironment = "secure-data-environment";

    public Type EffectType => typeof(ReleaseData);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var release = (ReleaseData)effect;
        var version = OutboxEntry.VersionOf(application.Id, effectId);
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
        // Both modes record the release in the application's access record: a revocation recorded before it stops it,
        // and one asked for before it but delivered after it leaves it alone.
        var environment = release.Mode == SecureDataEnvironment;
        var recorded = await releases.GrantAsync(new AccessGrant(
            $"{(environment ? "sde" : "sft")}-{application.Id}-{ReleaseStore.ProductionId(application.Id, effectId)}",
            application.Id, datasets, extracts, time.GetUtcNow(), Version: version), cancellationToken);
        if (recorded is null) return new DataReleased(release.Mode);
        return environment ? new DataReleased(release.Mode, Grant: recorded.Grant) : new DataReleased(release.Mode, Files: extracts);
    }
}
