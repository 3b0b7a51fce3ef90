using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Dars.Lifecycle;
using Dars.Runtime.Storage;

namespace Dars.Runtime.Instances;

/// <summary>
/// Applications in Azure Tables, one partition each: the snapshot, the history, the outbox and the
/// idempotency markers, so one command commits as one entity-group transaction or not at all. One more
/// partition, <see cref="RowKeys.UndispatchedPartition"/>, lists the applications whose dispatch failed.
/// </summary>
public class ApplicationStore(TableClient table)
{
    /// <summary>
    /// The most JSON one row may carry: a table entity holds at most 1 MiB and the service counts a string's
    /// characters at 2 bytes each, so this leaves room for the row's other properties. Azurite does not enforce the
    /// limit, Azure does (with an error that would otherwise surface as a 500).
    /// </summary>
    public const int MaxRowJsonChars = 400_000;

    public virtual async Task<StoredApplication?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(id, RowKeys.Snapshot, cancellationToken: cancellationToken);
        if (!response.HasValue) return null;
        var entity = response.Value!;
        return new StoredApplication(DarsJson.Deserialize<Application>(EntityJson.Read(entity)), entity.ETag);
    }

    public virtual async Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken)
    {
        var id = commit.State.Id;
        var snapshot = new TableEntity(id, RowKeys.Snapshot)
        {
            ["State"] = commit.State.State.ToString(),
            ["Version"] = commit.State.Version,
        };
        var stateJson = DarsJson.Serialize(commit.State);
        var eventJson = commit.Events.Select(e => DarsJson.SerializeEvent(e.Data)).ToArray();
        if (stateJson.Length > MaxRowJsonChars || eventJson.Any(json => json.Length > MaxRowJsonChars))
            return new CommitResult(CommitStatus.TooLarge);
        EntityJson.Write(snapshot, stateJson);

        var actions = new List<TableTransactionAction>
        {
            commit.ExpectedETag is { } etag
                ? new(TableTransactionActionType.UpdateReplace, snapshot, etag)
                : new(TableTransactionActionType.Add, snapshot),
        };
        actions.AddRange(commit.Events.Select((e, i) => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(id, e, eventJson[i]))));
        actions.AddRange(commit.Outbox.Select(o => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(o, commit.State.LastUpdatedAt))));
        var idempotencyIndex = -1;
        if (commit.Idempotency is { } marker)
        {
            idempotencyIndex = actions.Count;
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(id, RowKeys.Idempotency(marker.Key))
            {
                ["Fingerprint"] = marker.Fingerprint,
                ["Version"] = marker.Version,
            }));
        }

        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            return new CommitResult(CommitStatus.Committed, response.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException failed) when (failed.Status is 409 or 412)
        {
            return new CommitResult(failed.FailedTransactionActionIndex == idempotencyIndex && idempotencyIndex >= 0
                ? CommitStatus.AlreadyApplied
                : CommitStatus.Conflict);
        }
    }

    public virtual async Task<IReadOnlyList<RecordedEvent>> GetHistoryAsync(string id, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await foreach (var entity in Range(id, RowKeys.EventPrefix, cancellationToken))
            events.Add(new RecordedEvent(
                entity.GetInt64("Version") ?? 0,
                entity.GetDateTimeOffset("OccurredAt") ?? default,
                new Actor(entity.GetString("ActorId"), Enum.Parse<Role>(entity.GetString("ActorRole"))),
                DarsJson.DeserializeEvent(entity.GetString("Type"), EntityJson.Read(entity))));
        return events;
    }

    public virtual async Task<IdempotencyRecord?> GetIdempotencyAsync(string id, string key, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(id, RowKeys.Idempotency(key), cancellationToken: cancellationToken);
        return response.HasValue
            ? new IdempotencyRecord(key, response.Value!.GetString("Fingerprint"), response.Value.GetInt64("Version") ?? 0)
            : null;
    }

    public virtual async Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(string id, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        await foreach (var entity in Range(id, RowKeys.OutboxPrefix, cancellationToken))
            entries.Add(FromOutboxEntity(entity));
        return entries;
    }

    /// <summary>Removes dispatched outbox entries; entries already gone are fine (another dispatcher got there).</summary>
    public virtual async Task DeleteOutboxAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
            await table.DeleteEntityAsync(entry.ApplicationId, entry.RowKey, ETag.All, cancellationToken);
    }

    /// <summary>
    /// Applications with outbox entries older than <paramref name="before"/>: what a crash left undispatched. A scan of
    /// the whole table (the filter is on the row key alone), so its cost grows with every event stored.
    /// </summary>
    public virtual async IAsyncEnumerable<string> FindUndispatchedAsync(DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {RowKeys.OutboxPrefix} and RowKey lt {RowKeys.End(RowKeys.OutboxPrefix)} and CreatedAt le {before}");
        string? last = null;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (entity.PartitionKey == last) continue;
            last = entity.PartitionKey;
            yield return entity.PartitionKey;
        }
    }

    /// <summary>
    /// Notes that the application's outbox was left behind by a dispatch that failed, so that the frequent sweep finds
    /// it by reading one small partition instead of scanning the table (<see cref="FindMarkedUndispatchedAsync"/>).
    /// </summary>
    public virtual async Task MarkUndispatchedAsync(string id, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(RowKeys.UndispatchedPartition, id), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The applications marked by <see cref="MarkUndispatchedAsync"/>, each with the version of its mark.</summary>
    public virtual async IAsyncEnumerable<(string Id, ETag Mark)> FindMarkedUndispatchedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RowKeys.UndispatchedPartition}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            yield return (entity.RowKey, entity.ETag);
    }

    /// <summary>
    /// Removes the mark once its outbox is dispatched, unless it was marked again since <paramref name="mark"/> was
    /// read (a later dispatch failed meanwhile): then it stays for the next sweep.
    /// </summary>
    public virtual async Task UnmarkUndispatchedAsync(string id, ETag mark, CancellationToken cancellationToken)
    {
        try { await table.DeleteEntityAsync(RowKeys.UndispatchedPartition, id, mark, cancellationToken); }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { }
    }

    /// <summary>Takes the claim on an effect so a duplicate delivery does not run it at the same time.</summary>
    public virtual async Task<bool> TryClaimAsync(string id, string effectId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(id, RowKeys.Claim(effectId)) { ["Until"] = now + lease };
        try
        {
            await table.AddEntityAsync(claim, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(id, claim.RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue) return false;
            if (existing.Value!.GetDateTimeOffset("Until") > now) return false;
            try
            {
                await table.UpdateEntityAsync(claim, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException stale) when (stale.Status is 412 or 404) { return false; }
        }
    }

    public virtual async Task ReleaseClaimAsync(string id, string effectId, CancellationToken cancellationToken) =>
        await table.DeleteEntityAsync(id, RowKeys.Claim(effectId), ETag.All, cancellationToken);

    private IAsyncEnumerable<TableEntity> Range(string id, string prefix, CancellationToken cancellationToken) =>
        table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {prefix} and RowKey lt {RowKeys.End(prefix)}"),
            cancellationToken: cancellationToken);

    private static TableEntity ToEntity(string id, RecordedEvent e, string json)
    {
        var entity = new TableEntity(id, RowKeys.Event(e.Version))
        {
            ["Version"] = e.Version,
            ["Type"] = e.Type,
            ["OccurredAt"] = e.OccurredAt,
            ["ActorId"] = e.Actor.Id,
            ["ActorRole"] = e.Actor.Role.ToString(),
        };
        EntityJson.Write(entity, json);
        return entity;
    }

    private static TableEntity ToEntity(OutboxEntry entry, DateTimeOffset createdAt)
    {
        var entity = new TableEntity(entry.ApplicationId, entry.RowKey)
        {
            ["Version"] = entry.Version,
            ["Index"] = entry.Index,
            ["CreatedAt"] = createdAt,
        };
        if (entry.Effect is not null) EntityJson.Write(entity, DarsJson.Serialize(entry.Effect));
        return entity;
    }

    private static OutboxEntry FromOutboxEntity(TableEntity entity)
    {
        var json = EntityJson.Read(entity);
        return new OutboxEntry(
            entity.PartitionKey,
            entity.GetInt64("Version") ?? 0,
            entity.GetInt32("Index") ?? 0,
            json.Length == 0 ? null : DarsJson.Deserialize<Effect>(json));
    }
}
