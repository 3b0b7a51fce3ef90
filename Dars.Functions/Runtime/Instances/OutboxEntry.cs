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
}
