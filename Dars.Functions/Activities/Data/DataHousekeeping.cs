using Dars.Runtime;

namespace Dars.Activities.Data;

/// <summary>
/// Once a day, deletes dataset and objection-register uploads that their manifest does not name and that are over a
/// day old. A replacement stores the new file, swaps the manifest, then deletes the old file; a process that stops
/// in between leaves a whole copy of a dataset (patients' records) that nothing would ever read or remove.
/// <para>Ages are the storage service's timestamps, so <paramref name="storageTime"/> is the real clock, not the development one.</para>
/// </summary>
public sealed class DataHousekeeping(DatasetStore datasets, ObjectionRegister objections, TimeProvider storageTime) : IDailyCheck
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    public bool Housekeeping => true;

    public string Name => "data housekeeping";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = storageTime.GetUtcNow() - Grace;
        return await datasets.DeleteUnnamedUploadsAsync(before, cancellationToken)
            + await objections.DeleteUnnamedUploadsAsync(before, cancellationToken);
    }
}
