using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Dars.Runtime.Timers;

/// <summary>
/// Durable timers in a table partitioned by the UTC day they fall due, with one row per non-empty day
/// in a bucket list. A sweep reads the bucket list up to today, then only those days: its cost grows
/// with what is due, not with how many timers or applications exist. Timers may be years away.
/// </summary>
public class TimerTable(TableClient table)
{
    private const string BucketList = "buckets";

    public static string BucketOf(DateTimeOffset dueAt) => dueAt.UtcDateTime.ToString("yyyyMMdd");

    /// <summary>Sets a timer; setting the same one again changes nothing.</summary>
    public virtual async Task ScheduleAsync(DueTimer timer, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(timer.DueAt);
        await table.UpsertEntityAsync(new TableEntity(TimerPartition(bucket), RowKey(timer))
        {
            ["ApplicationId"] = timer.ApplicationId,
            ["Timer"] = timer.Timer,
            ["DueAt"] = timer.DueAt,
        }, TableUpdateMode.Replace, cancellationToken);
        // Written after the timer, so a sweep that emptied this bucket meanwhile sees its ETag change and keeps it.
        await table.UpsertEntityAsync(new TableEntity(BucketList, bucket), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Every timer due by <paramref name="now"/>, earliest first, bucket by bucket.</summary>
    public virtual async IAsyncEnumerable<DueTimer> GetDueAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var bucket in DueBuckets(now, cancellationToken))
        {
            var timers = new List<DueTimer>();
            await foreach (var row in table.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey eq {TimerPartition(bucket.RowKey)} and DueAt le {now}"),
                               cancellationToken: cancellationToken))
                timers.Add(new DueTimer(row.GetString("ApplicationId"), row.GetString("Timer"), row.GetDateTimeOffset("DueAt")!.Value));
            foreach (var timer in timers.OrderBy(t => t.DueAt)) yield return timer;
        }
    }

    /// <summary>The earliest timer due by <paramref name="until"/>, for stepping a clock through them in order.</summary>
    public virtual async Task<DueTimer?> GetNextDueAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        await foreach (var timer in GetDueAsync(until, cancellationToken)) return timer;
        return null;
    }

    public virtual async Task CompleteAsync(DueTimer timer, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(TimerPartition(BucketOf(timer.DueAt)), RowKey(timer), ETag.All, cancellationToken);

    /// <summary>Drops buckets of days before <paramref name="now"/>'s that hold no timers any more.</summary>
    public virtual async Task PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = BucketOf(now);
        await foreach (var bucket in DueBuckets(now, cancellationToken))
        {
            if (string.CompareOrdinal(bucket.RowKey, today) >= 0) continue;
            var any = false;
            await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq '{TimerPartition(bucket.RowKey)}'", maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                any = true;
                break;
            }
            if (any) continue;
            try { await table.DeleteEntityAsync(BucketList, bucket.RowKey, bucket.ETag, cancellationToken); }
            catch (RequestFailedException e) when (e.Status is 404 or 412) { }
        }
    }

    private async IAsyncEnumerable<TableEntity> DueBuckets(DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {BucketList} and RowKey le {BucketOf(now)}");
        await foreach (var bucket in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return bucket;
    }

    private static string TimerPartition(string bucket) => "due-" + bucket;

    private static string RowKey(DueTimer timer) => $"{timer.DueAt.UtcDateTime:HHmmssfffffff}-{timer.ApplicationId}-{timer.Timer}";
}
