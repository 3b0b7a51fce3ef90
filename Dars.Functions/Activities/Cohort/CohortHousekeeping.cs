using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Activities.Cohort;

/// <summary>
/// Once a day, deletes cohort uploads that no <c>cohort-uploaded</c> event names. An upload is stored before its
/// command is raised, and a refused command deletes it; but a process that stops between the two leaves the file,
/// with its patients' details, and nothing would ever refer to it. Only files older than <see cref="Grace"/> are
/// looked at, so an upload whose command is still on its way is left alone (the age is the storage service's own
/// timestamp of the blob, compared with this clock).
/// </summary>
public sealed class CohortHousekeeping(CohortFiles files, ApplicationStore store, TimeProvider time, ILogger<CohortHousekeeping> logger)
    : IDailyCheck
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    public bool Housekeeping => true;

    public string Name => "cohort housekeeping";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - Grace;
        var deleted = 0;
        string? application = null;
        var old = new List<string>();
        await foreach (var (name, lastModified) in files.ListAsync(cancellationToken))
        {
            // Names are {application}/{upload}/{file}, listed in order, so one application's files come together.
            var owner = name.Split('/', 2)[0];
            if (owner != application)
            {
                deleted += await DeleteUnnamedAsync(application, old, cancellationToken);
                (application, old) = (owner, []);
            }
            if (lastModified < before) old.Add(name);
        }
        deleted += await DeleteUnnamedAsync(application, old, cancellationToken);
        return deleted;
    }

    private async Task<int> DeleteUnnamedAsync(string? application, List<string> blobs, CancellationToken cancellationToken)
    {
        if (application is null || blobs.Count == 0) return 0;
        // One application whose history cannot be read keeps its files until a later day and does not hold up the others.
        try
        {
            var named = (await store.GetHistoryAsync(application, cancellationToken))
                .Select(e => e.Data).OfType<CohortUploaded>().Select(uploaded => uploaded.BlobName).OfType<string>().ToHashSet();
            var unnamed = blobs.Where(blob => !CohortFiles.BelongsTo(blob, named)).ToList();
            foreach (var blob in unnamed) await files.DeleteUploadAsync(blob, cancellationToken);
            // The count only: a blob's name ends with the file's name, which may say who is in it.
            if (unnamed.Count > 0) logger.LogWarning("Deleted {Count} cohort files of {Application} that no upload event names", unnamed.Count, application);
            return unnamed.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Cohort files of {Application} were not checked; the next day's housekeeping tries again", application);
            return 0;
        }
    }
}
