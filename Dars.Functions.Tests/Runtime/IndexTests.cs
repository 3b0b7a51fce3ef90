using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Dars.Lifecycle;
using Dars.Lifecycle.Submission;
using Dars.Runtime.Index;
using Dars.Tests.Infrastructure;
using Moq;

namespace Dars.Tests.Runtime;

/// <summary>The query index: one partition per filterable value, kept in step with the application.</summary>
public sealed class IndexTests
{
    [Fact]
    public async Task The_first_entries_are_read_on_through_short_pages_and_no_further_than_asked()
    {
        // Azure may end a page early with a continuation token, whether or not rows remain; Azurite never does, so
        // the service's pages are played here.
        var entries = Enumerable.Range(0, 150).Select(i => new IndexEntry($"NIC-9{i:D5}", "UnderAssessment", "Application", "breached", "Q01",
            null, null, null, 1, default, default)).ToArray();
        var index = new Mock<ApplicationIndex>(null!, (Func<Application, string?>)(_ => null)) { CallBase = true };
        var query = new IndexQuery(SlaStatus: "breached");
        index.Setup(i => i.QueryAsync(query, 101, null, default)).ReturnsAsync(new IndexPage(entries[..40], "after-40"));
        index.Setup(i => i.QueryAsync(query, 61, "after-40", default)).ReturnsAsync(new IndexPage([], "still-after-40"));
        index.Setup(i => i.QueryAsync(query, 61, "still-after-40", default)).ReturnsAsync(new IndexPage(entries[40..101], "after-101"));

        Assert.Equal(entries[..101], await index.Object.FirstAsync(query, 101, default));

        // A full page with a token and nothing after it: exactly that many, which a token alone would not have told.
        index.Setup(i => i.QueryAsync(query, 101, null, default)).ReturnsAsync(new IndexPage(entries[..100], "after-100"));
        index.Setup(i => i.QueryAsync(query, 1, "after-100", default)).ReturnsAsync(new IndexPage([], null));
        Assert.Equal(100, (await index.Object.FirstAsync(query, 101, default)).Count);
    }

    [Fact]
    public async Task A_state_change_moves_the_application_between_partitions_and_leaves_no_stale_row()
    {
        var (index, table) = await NewIndex();
        var app = Application("NIC-000001", State.AwaitingInitialReview, version: 1);
        await index.ProjectAsync(app, default);
        await index.ProjectAsync(app with { State = State.UnderAssessment, Version = 3 }, default);

        Assert.Empty((await index.QueryAsync(new IndexQuery(State: "AwaitingInitialReview"), 10, null, default)).Items);
        Assert.Equal("NIC-000001", Assert.Single((await index.QueryAsync(new IndexQuery(State: "UnderAssessment"), 10, null, default)).Items).Id);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.RowKey == "NIC-000001")) rows.Add(row.PartitionKey);
        Assert.Equal(["all", "org:X26", "sla:none", "stage:Application", "state:UnderAssessment"], rows.Order());
    }

    [Fact]
    public async Task An_older_version_arriving_late_does_not_overwrite_a_newer_one()
    {
        var (index, _) = await NewIndex();
        await index.ProjectAsync(Application("NIC-000002", State.Closed, version: 5), default);
        await index.ProjectAsync(Application("NIC-000002", State.AwaitingInitialReview, version: 2), default);

        var entry = Assert.Single((await index.QueryAsync(new IndexQuery(), 10, null, default)).Items);
        Assert.Equal("Closed", entry.State);
        Assert.Equal(5, entry.Version);
    }

    [Fact]
    public async Task Filters_combine_and_pages_continue_until_every_match_was_listed_once()
    {
        var (index, _) = await NewIndex();
        for (var i = 0; i < 7; i++)
            await index.ProjectAsync(Application($"NIC-00010{i}", i % 2 == 0 ? State.UnderAssessment : State.ReferredBack, 1, org: i < 5 ? "X26" : "RR8"), default);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await index.QueryAsync(new IndexQuery(State: "UnderAssessment", Organisation: "x26"), 1, token, default);
            seen.AddRange(page.Items.Select(i => i.Id));
            token = page.ContinuationToken;
            pages++;
        } while (token is not null && pages < 20);

        Assert.Equal(["NIC-000100", "NIC-000102", "NIC-000104"], seen);
        Assert.Equal(2, (await index.QueryAsync(new IndexQuery(Organisation: "RR8"), 10, null, default)).Items.Count);
        Assert.Equal(4, (await index.QueryAsync(new IndexQuery(State: "UnderAssessment", Stage: "Application"), 10, null, default)).Items.Count);
    }

    [Fact]
    public async Task A_change_that_leaves_every_indexed_value_writes_the_all_row_once_and_one_that_moves_it_twice()
    {
        var (_, table) = await NewIndex();
        var writes = new WritesTo("all");
        var options = new TableClientOptions();
        options.AddPolicy(writes, HttpPipelinePosition.PerCall);
        var index = new ApplicationIndex(new TableClient(TestStorage.ConnectionString, table.Name, options), _ => null);
        var app = Application("NIC-000003", State.UnderAssessment, version: 1);
        await index.ProjectAsync(app, default);

        writes.Count = 0;
        var renamed = app with { Title = "renamed", Version = 2 };
        await index.ProjectAsync(renamed, default);
        Assert.Equal(1, writes.Count);

        writes.Count = 0;
        await index.ProjectAsync(renamed with { State = State.ReferredBack, Version = 3 }, default);
        Assert.Equal(2, writes.Count); // the new partition recorded before its row is written, then the row itself

        var entry = Assert.Single((await index.QueryAsync(new IndexQuery(State: "ReferredBack"), 10, null, default)).Items);
        Assert.Equal(("renamed", 3L), (entry.Title, entry.Version));
        Assert.Empty((await index.QueryAsync(new IndexQuery(State: "UnderAssessment"), 10, null, default)).Items);
    }

    [Fact]
    public async Task A_projection_whose_stale_row_delete_failed_removes_it_when_retried()
    {
        var (_, table) = await NewIndex();
        var failing = new FailsFirstDelete();
        var options = new TableClientOptions();
        options.AddPolicy(failing, HttpPipelinePosition.PerRetry);
        options.Retry.MaxRetries = 0;
        var index = new ApplicationIndex(new TableClient(TestStorage.ConnectionString, table.Name, options), _ => null);
        var app = Application("NIC-000004", State.AwaitingInitialReview, version: 1);
        await index.ProjectAsync(app, default);
        var moved = app with { State = State.UnderAssessment, Version = 2 };

        failing.Armed = true;
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => index.ProjectAsync(moved, default));
        await index.ProjectAsync(moved, default); // the outbox's retry of the same commit

        Assert.Empty((await index.QueryAsync(new IndexQuery(State: "AwaitingInitialReview"), 10, null, default)).Items);
        Assert.Equal(2, Assert.Single((await index.QueryAsync(new IndexQuery(State: "UnderAssessment"), 10, null, default)).Items).Version);
    }

    /// <summary>Answers the first row delete, once armed, with a 503 of its own, as a storage blip would.</summary>
    private sealed class FailsFirstDelete : HttpPipelinePolicy
    {
        public bool Armed;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Armed && message.Request.Method == RequestMethod.Delete)
            {
                Armed = false;
                throw new RequestFailedException(503, "Injected: the delete did not happen.");
            }
            await ProcessNextAsync(message, pipeline);
        }
    }

    /// <summary>
    /// Counts the requests that replace, merge or delete a row of one partition. An insert's address names no row,
    /// so it is not counted: the test counts only after the first projection has inserted the row.
    /// </summary>
    private sealed class WritesTo(string partition) : HttpPipelineSynchronousPolicy
    {
        public int Count;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Get
                && Uri.UnescapeDataString(message.Request.Uri.ToString()).Contains($"(PartitionKey='{partition}'"))
                Interlocked.Increment(ref Count);
        }
    }

    private static Application Application(string id, State state, long version, string org = "X26") => new()
    {
        Id = id, State = state, Version = version, Title = "t", Organisation = new OrganisationDetails(org, "Org"),
        CreatedAt = DarsFactory.Start, LastUpdatedAt = DarsFactory.Start,
    };

    private static async Task<(ApplicationIndex Index, TableClient Table)> NewIndex()
    {
        var clients = await TestStorage.CreateAsync();
        var table = clients.Tables.GetTableClient(clients.Options.IndexTable);
        return (new ApplicationIndex(table, _ => null), table);
    }
}
