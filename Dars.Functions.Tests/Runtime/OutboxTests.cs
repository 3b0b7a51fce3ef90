using Azure.Storage.Queues;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Activities;
using Dars.Runtime.Index;
using Dars.Runtime.Instances;
using Dars.Runtime.Outbox;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Runtime;

/// <summary>What a crash between commit and dispatch leaves behind is delivered by the sweep.</summary>
public sealed class OutboxTests : IDisposable
{
    private readonly DarsFactory _app = new DarsFactory()
        .With("Dars:Runtime:DispatchAfterCommit", "false")
        .With("Dars:Runtime:RunBackgroundRunners", "false");

    private static readonly Caller Alice = new("alice", Role.Applicant, "X26");

    [Fact]
    public async Task Effects_of_a_commit_that_was_never_dispatched_are_delivered_by_the_sweep()
    {
        _ = _app.Server;
        var runtime = _app.Service<ApplicationRuntime>();
        var applied = Assert.IsType<Applied>(await runtime.SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None));
        var id = applied.State.Id;
        var store = _app.Service<ApplicationStore>();
        var queue = ActivityQueue();

        // The "crash": committed, nothing dispatched.
        Assert.Equal(2, (await store.GetOutboxAsync(id, CancellationToken.None)).Count);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await _app.Service<ApplicationIndex>().QueryAsync(new IndexQuery(Organisation: "X26"), 10, null, CancellationToken.None)).Items);

        var swept = await _app.Service<OutboxSweep>().SweepAllAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(2, swept);
        Assert.Empty(await store.GetOutboxAsync(id, CancellationToken.None));
        var message = ActivityQueue_Parse((await queue.ReceiveMessageAsync()).Value);
        Assert.Equal(id, message.ApplicationId);
        Assert.Equal(new SendNotification("application-received", "applicant", "The application was received for initial review."), message.Effect);
        var listed = Assert.Single((await _app.Service<ApplicationIndex>().QueryAsync(new IndexQuery(Organisation: "X26"), 10, null, CancellationToken.None)).Items);
        Assert.Equal(id, listed.Id);
        Assert.Equal("AwaitingInitialReview", listed.State);
    }

    [Fact]
    public async Task An_application_whose_outbox_cannot_be_dispatched_does_not_hold_up_the_others()
    {
        _ = _app.Server;
        var runtime = _app.Service<ApplicationRuntime>();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
            ids.Add(Assert.IsType<Applied>(await runtime.SubmitAsync(
                new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None)).State.Id);
        // Both undispatched; the first also holds an entry that cannot be read (say, written by a later version of DARS).
        var storage = _app.Service<StorageClients>();
        await storage.Tables.GetTableClient(storage.Options.InstancesTable).AddEntityAsync(new Azure.Data.Tables.TableEntity(ids[0], RowKeys.Outbox(99, 0))
        {
            ["Version"] = 99L, ["Index"] = 0, ["CreatedAt"] = DarsFactory.Start, ["Json0"] = "{not json", ["JsonChunks"] = 1,
        });

        await _app.Service<OutboxSweep>().SweepAllAsync(TimeSpan.Zero, CancellationToken.None);

        var store = _app.Service<ApplicationStore>();
        Assert.Empty(await store.GetOutboxAsync(ids[1], CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => store.GetOutboxAsync(ids[0], CancellationToken.None)); // still there for a person to see
    }

    [Fact]
    public async Task Entries_younger_than_the_grace_period_are_left_to_the_dispatch_in_flight()
    {
        _ = _app.Server;
        var applied = Assert.IsType<Applied>(await _app.Service<ApplicationRuntime>().SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None));

        var swept = await _app.Service<OutboxSweep>().SweepAllAsync(TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(0, swept);
        Assert.Equal(2, (await _app.Service<ApplicationStore>().GetOutboxAsync(applied.State.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_application_whose_commit_waits_for_a_running_dispatch_is_left_to_it_by_the_sweep()
    {
        // Under load the dispatch runner can fall behind by more than the grace period: the sweep must not do its work twice.
        _ = _app.Server;
        var applied = Assert.IsType<Applied>(await _app.Service<ApplicationRuntime>().SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None));
        var id = applied.State.Id;
        var store = _app.Service<ApplicationStore>();
        var sweep = _app.Service<OutboxSweep>();
        var queue = _app.Service<ChannelDispatchQueue>();
        using var stop = new CancellationTokenSource();
        var runner = queue.ReadAllAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var taken = runner.MoveNextAsync();

        queue.Enqueue(applied.State, await store.GetOutboxAsync(id, CancellationToken.None));
        Assert.True(await taken); // the runner has it, and is still dispatching it

        Assert.Equal(0, await sweep.SweepAllAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Equal(2, (await store.GetOutboxAsync(id, CancellationToken.None)).Count);

        // A later commit of the same application queued behind it keeps it the runner's after the first is done.
        queue.Enqueue(applied.State, []);
        queue.Dispatched(id);
        Assert.Equal(0, await sweep.SweepAllAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True(await runner.MoveNextAsync());

        // Its dispatch failed: what it left is the sweep's.
        queue.Dispatched(id);
        Assert.Equal(2, await sweep.SweepAllAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.Empty(await store.GetOutboxAsync(id, CancellationToken.None));

        // Handed over with no runner reading, a commit would never be dispatched: the sweep does not wait for it.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await runner.MoveNextAsync());
        await runner.DisposeAsync();
        queue.Enqueue(applied.State, []);
        Assert.False(queue.IsQueued(id));
    }

    [Fact]
    public async Task The_scheduled_sweep_scans_the_whole_table_first_and_then_only_once_its_interval_has_passed()
    {
        // A scan of every partition costs more with every event stored, so the sweep that runs every minute does it
        // on a process's first run (a restart finds what its crash left) and then once an hour.
        _ = _app.Server;
        var runtime = _app.Service<ApplicationRuntime>();
        var store = _app.Service<ApplicationStore>();
        var sweep = _app.Service<OutboxSweep>();
        async Task<string> CrashAfterCommit() => Assert.IsType<Applied>(await runtime.SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(_app.Time.GetUtcNow()))), Alice, CancellationToken.None)).State.Id;

        var first = await CrashAfterCommit();
        _app.Time.Advance(TimeSpan.FromMinutes(1)); // past the grace period
        Assert.Equal(2, await sweep.RunAsync(CancellationToken.None));
        Assert.Empty(await store.GetOutboxAsync(first, CancellationToken.None));

        var second = await CrashAfterCommit();
        _app.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await sweep.RunAsync(CancellationToken.None));
        Assert.Equal(2, (await store.GetOutboxAsync(second, CancellationToken.None)).Count);

        _app.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(2, await sweep.RunAsync(CancellationToken.None));
        Assert.Empty(await store.GetOutboxAsync(second, CancellationToken.None));
    }

    [Fact]
    public async Task What_a_crash_left_just_before_the_start_is_found_by_the_next_sweep_not_an_interval_later()
    {
        _ = _app.Server;
        var id = Assert.IsType<Applied>(await _app.Service<ApplicationRuntime>().SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None)).State.Id;
        var sweep = _app.Service<OutboxSweep>(); // this process starts: the commit above is a crashed one's

        _app.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await sweep.RunAsync(CancellationToken.None)); // within the grace period: left alone
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await sweep.RunAsync(CancellationToken.None));
        Assert.Empty(await _app.Service<ApplicationStore>().GetOutboxAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_dispatch_marks_its_application_and_the_next_sweep_dispatches_it_without_a_full_scan()
    {
        using var app = new DarsFactory().With("Dars:Runtime:RunBackgroundRunners", "false");
        _ = app.Server;
        var store = app.Service<ApplicationStore>();
        var sweep = app.Service<OutboxSweep>();
        Assert.Equal(0, await sweep.RunAsync(CancellationToken.None)); // this process's full scan, done
        var storage = app.Service<StorageClients>();
        var activities = storage.Queues.GetQueueClient(storage.Options.ActivityQueue);
        await activities.DeleteAsync(); // the queue is out of reach: the dispatch right after commit fails
        using var runner = new Dars.Hosting.Runners.DispatchRunner(app.Service<ChannelDispatchQueue>(), app.Service<OutboxDispatcher>(), store,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Dars.Hosting.Runners.DispatchRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);

        var id = Assert.IsType<Applied>(await app.Service<ApplicationRuntime>().SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None)).State.Id;

        Assert.Equal([id], await Eventually.Until(() => Marked(store), marked => marked.Length > 0, what: "the failed dispatch's mark"));
        Assert.NotEmpty(await store.GetOutboxAsync(id, CancellationToken.None));
        await activities.CreateAsync();
        Assert.Equal(2, await sweep.RunAsync(CancellationToken.None)); // within the hour: found by its mark
        Assert.Empty(await store.GetOutboxAsync(id, CancellationToken.None));
        Assert.Empty(await Marked(store));
        Assert.Equal(id, ActivityQueue_Parse((await activities.ReceiveMessageAsync()).Value).ApplicationId);
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Commits_a_stopping_process_did_not_dispatch_are_marked_for_the_sweep()
    {
        using var app = new DarsFactory().With("Dars:Runtime:RunBackgroundRunners", "false");
        _ = app.Server;
        var store = app.Service<ApplicationStore>();
        var runtime = app.Service<ApplicationRuntime>();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++) // handed over for dispatch, and nothing has read them yet
            ids.Add(Assert.IsType<Applied>(await runtime.SubmitAsync(
                new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, CancellationToken.None)).State.Id);
        using var runner = new Dars.Hosting.Runners.DispatchRunner(app.Service<ChannelDispatchQueue>(), app.Service<OutboxDispatcher>(), store,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Dars.Hosting.Runners.DispatchRunner>.Instance);

        await runner.RunAsync(new CancellationToken(canceled: true)); // the process is stopping before it read them

        Assert.Equal(ids.Order(), (await Marked(store)).Order());
        Assert.False(app.Service<ChannelDispatchQueue>().IsQueued(ids[0]));
        Assert.Equal(4, await app.Service<OutboxSweep>().RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_mark_made_again_while_its_sweep_was_dispatching_stays_for_the_next_sweep()
    {
        _ = _app.Server;
        var store = _app.Service<ApplicationStore>();
        await store.MarkUndispatchedAsync("NIC-900001", CancellationToken.None);
        var (_, read) = Assert.Single(await store.FindMarkedUndispatchedAsync(CancellationToken.None).ToListAsync());
        await store.MarkUndispatchedAsync("NIC-900001", CancellationToken.None); // a later dispatch failed meanwhile

        await store.UnmarkUndispatchedAsync("NIC-900001", read, CancellationToken.None);
        Assert.Equal(["NIC-900001"], await Marked(store));

        var (_, current) = Assert.Single(await store.FindMarkedUndispatchedAsync(CancellationToken.None).ToListAsync());
        await store.UnmarkUndispatchedAsync("NIC-900001", current, CancellationToken.None);
        await store.UnmarkUndispatchedAsync("NIC-900001", current, CancellationToken.None); // already gone: fine
        Assert.Empty(await Marked(store));
    }

    private static async Task<string[]> Marked(ApplicationStore store) =>
        [.. (await store.FindMarkedUndispatchedAsync(CancellationToken.None).ToListAsync()).Select(m => m.Id)];

    [Fact]
    public void An_effect_id_gives_back_the_version_it_was_emitted_at()
    {
        Assert.Equal(31, OutboxEntry.VersionOf("NIC-200007", new OutboxEntry("NIC-200007", 31, 2, null).EffectId));
        Assert.Throws<ArgumentException>(() => OutboxEntry.VersionOf("NIC-200007", "NIC-200008:31:0"));
        Assert.Throws<ArgumentException>(() => OutboxEntry.VersionOf("NIC-200007", "NIC-200007:x:0"));
    }

    private QueueClient ActivityQueue()
    {
        var storage = _app.Service<StorageClients>();
        return storage.Queues.GetQueueClient(storage.Options.ActivityQueue);
    }

    private static ActivityMessage ActivityQueue_Parse(Azure.Storage.Queues.Models.QueueMessage message) =>
        Dars.Runtime.Activities.ActivityQueue.Parse(message.Body);

    public void Dispose() => _app.Dispose();
}
