using Azure.Data.Tables;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Instances;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Runtime;

/// <summary>One command is one entity-group transaction: all of it is stored, or none of it.</summary>
public sealed class CommitTests
{
    private static readonly DateTimeOffset Now = DarsFactory.Start;
    private static readonly Actor Alice = new("alice", Role.Applicant);

    [Fact]
    public async Task A_transaction_that_fails_midway_writes_nothing()
    {
        var (store, table) = await NewStore();
        var created = await Create(store, "NIC-000001");

        // Something already sits where the second of the next two events would go: that action fails.
        await table.AddEntityAsync(new TableEntity("NIC-000001", RowKeys.Event(3)));
        var state = created.State;
        var events = new[]
        {
            new RecordedEvent(2, Now, Alice, new Withdrawn("changed my mind")),
            new RecordedEvent(3, Now, Alice, new NotificationSent("t", "applicant", "r")),
        };
        var next = events.Aggregate(state, Decider.Evolve);
        var result = await store.CommitAsync(new Commit(next, created.ETag, events,
            [new OutboxEntry(next.Id, 3, 0, null)], new IdempotencyRecord("key-1", "f", 3)), CancellationToken.None);

        Assert.Equal(CommitStatus.Conflict, result.Status);
        var after = await store.GetAsync("NIC-000001", CancellationToken.None);
        Assert.Equal(created.ETag, after!.ETag);
        Assert.Equal(State.AwaitingInitialReview, after.State.State);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == "NIC-000001", select: ["RowKey"]))
            rows.Add(row.RowKey);
        Assert.Equal(new[] { RowKeys.Event(1), RowKeys.Event(3), RowKeys.Outbox(1, 0), RowKeys.Snapshot }, rows.Order().ToArray());
    }

    [Fact]
    public async Task A_commit_against_a_stale_ETag_is_a_conflict_and_writes_nothing()
    {
        var (store, _) = await NewStore();
        var created = await Create(store, "NIC-000002");
        var withdraw = new RecordedEvent(2, Now, Alice, new Withdrawn(null));
        var first = await store.CommitAsync(new Commit(Decider.Evolve(created.State, withdraw), created.ETag, [withdraw], [], null), CancellationToken.None);
        Assert.Equal(CommitStatus.Committed, first.Status);

        var again = await store.CommitAsync(new Commit(Decider.Evolve(created.State, withdraw), created.ETag, [withdraw], [], null), CancellationToken.None);

        Assert.Equal(CommitStatus.Conflict, again.Status);
        Assert.Equal(2, (await store.GetHistoryAsync("NIC-000002", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Creating_an_id_that_exists_is_a_conflict()
    {
        var (store, _) = await NewStore();
        await Create(store, "NIC-000003");
        var submitted = new RecordedEvent(1, Now, Alice, new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(Now))));
        var state = Decider.Evolve(new Application { Id = "NIC-000003" }, submitted);

        var result = await store.CommitAsync(new Commit(state, null, [submitted], [], null), CancellationToken.None);

        Assert.Equal(CommitStatus.Conflict, result.Status);
    }

    [Fact]
    public async Task A_recorded_idempotency_key_makes_the_commit_already_applied()
    {
        var (store, _) = await NewStore();
        var created = await Create(store, "NIC-000004", idempotencyKey: "same");
        var withdraw = new RecordedEvent(2, Now, Alice, new Withdrawn(null));

        var result = await store.CommitAsync(new Commit(Decider.Evolve(created.State, withdraw), created.ETag, [withdraw], [],
            new IdempotencyRecord("same", "f", 2)), CancellationToken.None);

        Assert.Equal(CommitStatus.AlreadyApplied, result.Status);
        Assert.Equal(1, (await store.GetAsync("NIC-000004", CancellationToken.None))!.State.Version);
    }

    [Fact]
    public async Task A_snapshot_larger_than_one_table_property_round_trips()
    {
        var (store, _) = await NewStore();
        var form = Forms.Valid(UkTime.DateOf(Now)) with { Purpose = new string('p', 10_000), Benefits = new string('b', 10_000) };
        var submitted = new RecordedEvent(1, Now, Alice, new ApplicationSubmitted(form with { Title = new string('t', 250) }));
        var state = Decider.Evolve(new Application { Id = "NIC-000005" }, submitted);
        await store.CommitAsync(new Commit(state, null, [submitted], [], null), CancellationToken.None);

        var read = await store.GetAsync("NIC-000005", CancellationToken.None);

        Assert.Equal(form.Purpose, read!.State.Form!.Purpose);
        Assert.Equal(form.Benefits, ((ApplicationSubmitted)(await store.GetHistoryAsync("NIC-000005", CancellationToken.None))[0].Data).Application.Benefits);
    }

    private static async Task<(ApplicationStore Store, TableClient Table)> NewStore()
    {
        var clients = await TestStorage.CreateAsync();
        var table = clients.Tables.GetTableClient(clients.Options.InstancesTable);
        return (new ApplicationStore(table), table);
    }

    private static async Task<StoredApplication> Create(ApplicationStore store, string id, string? idempotencyKey = null)
    {
        var submitted = new RecordedEvent(1, Now, Alice, new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(Now))));
        var state = Decider.Evolve(new Application { Id = id }, submitted);
        var marker = idempotencyKey is null ? null : new IdempotencyRecord(idempotencyKey, "f", 1);
        var result = await store.CommitAsync(new Commit(state, null, [submitted], [new OutboxEntry(id, 1, 0, null)], marker), CancellationToken.None);
        Assert.Equal(CommitStatus.Committed, result.Status);
        return (await store.GetAsync(id, CancellationToken.None))!;
    }
}
