using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Activities.Cohort;

/// <summary>
/// Cohort uploads that no <c>cohort-uploaded</c> event names. An upload is stored before its command is raised; a refused
/// command deletes it (<see cref="DiscardRefusedAsync"/>), and a process that stops between the two leaves it, with its
/// patients' details, for the daily run (<see cref="RunAsync"/>) to delete.
/// <para>Ages are the storage service's timestamps, so <paramref name="storageTime"/> is the real clock (the development
/// clock may be months ahead, and would make an upload whose command is on its way look a day old).</para>
/// </summary>
public sealed class CohortHousekeeping(CohortFiles files, ApplicationStore store, TimeProvider storageTime, ILogger<CohortHousekeeping> logger)
    : IDailyCheck
{
    /// <summary>Younger uploads are left alone: their command may still be on its way.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    /// <summary>
    /// How far back the daily run looks: an upload is left unnamed when it is stored, so a run in the week after finds it.
    /// Looking further would read the history of every application that ever uploaded a cohort, every day.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(8);

    public bool Housekeeping => true;

    public string Name => "cohort housekeeping";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = storageTime.GetUtcNow();
        var (from, before) = (now - Window, now - Grace);
        var deleted = 0;
        string? application = null;
        var candidates = new List<string>();
        await foreach (var (name, lastModified) in files.ListAsync(cancellationToken))
        {
            // Names are {application}/{upload}/{file}, listed in order, so one application's files come together.
            var owner = name.Split('/', 2)[0];
            if (owner != application)
            {
                deleted += await DeleteUnnamedAsync(application, candidates, cancellationToken);
                (application, candidates) = (owner, []);
            }
            if (lastModified >= from && lastModified < before) candidates.Add(name);
        }
        deleted += await DeleteUnnamedAsync(application, candidates, cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Deletes an upload whose command was not applied, unless an event names it after all: a commit whose response was
    /// lost is retried by the storage client, and the retry's conflict is decided again as a refusal.
    /// </summary>
    public async Task DiscardRefusedAsync(string applicationId, string blobName, CancellationToken cancellationToken)
    {
        if (!(await NamedAsync(applicationId, cancellationToken)).Contains(blobName))
            await files.DeleteUploadAsync(blobName, cancellationToken);
    }

    private async Task<HashSet<string>> NamedAsync(string applicationId, CancellationToken cancellationToken) =>
        (await store.GetHistoryAsync(applicationId, cancellationToken))
            .Select(e => e.Data).OfType<CohortUploaded>().Select(uploaded => uploaded.BlobName).OfType<string>().ToHashSet();

    private async Task<int> DeleteUnnamedAsync(string? application, List<string> blobs, CancellationToken cancellationToken)
    {
        if (application is null || blobs.Count == 0) return 0;
        // One application whose history cannot be read keeps its files until a later day and does not hold up the others.
        try
        {
            var named = await NamedAsync(application, cancellationToken);
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
