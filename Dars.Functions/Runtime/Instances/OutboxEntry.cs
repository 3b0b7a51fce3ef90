using System.Globalization;
using Dars.Lifecycle;

namespace Dars.Runtime.Instances;

/// <summary>
/// Work owed after a commit, stored in the commit itself. An entry with no <see cref="Effect"/> asks
/// for the query index to catch up with <see cref="Version"/>.
/// </summary>
public sealed record OutboxEntry(string ApplicationId, long Version, int Index, Effect? Effect)
{
    public string RowKey => RowKeys.Outbox(Version, Index);

    /// <summary>Identifies the effect across retries and redeliveries: what activities deduplicate on.</summary>
    public string EffectId => $"{ApplicationId}:{Version}:{Index}";

    /// <summary>The application version an <see cref="EffectId"/> was emitted at: an application's effects are ordered by it.</summary>
    public static long VersionOf(string applicationId, string effectId)
    {
        var parts = effectId.StartsWith(applicationId + ":", StringComparison.Ordinal) ? effectId[(applicationId.Length + 1)..].Split(':') : [];
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ArgumentException($"'{effectId}' is not an effect id of application {applicationId}.", nameof(effectId));
    }
}
