using System.Text;
using Azure.Storage.Blobs;
using Dars.Activities.Data;
using Dars.Lifecycle.Submission;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Dars.Tests.Activities.Data.DataFiles;

namespace Dars.Tests.Activities.Data;

/// <summary>Datasets stored by data producers (Azurite): checked while streamed, replaced atomically, listed.</summary>
public sealed class DatasetStoreTests
{
    private static async Task<BlobContainerClient> Container()
    {
        var clients = await TestStorage.CreateAsync();
        return clients.Blobs.GetBlobContainerClient(clients.Options.DatasetsContainer);
    }

    private static async Task<string> Read(DatasetStore store, string id)
    {
        await using var stream = await store.OpenAsync(id, default);
        Assert.NotNull(stream);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private static async Task<string[]> BlobNames(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
            names.Add(blob.Name);
        return names.ToArray();
    }

    [Fact]
    public async Task A_new_dataset_is_created_then_replaced_and_listed()
    {
        var container = await Container();
        var store = new DatasetStore(container);

        var created = await store.PutAsync("hes-apc", Stream(HesApc), default);
        Assert.True(created.Succeeded);
        Assert.True(created.Created);
        Assert.Equal("hes-apc", created.Info!.Id);
        Assert.Equal(["NHS_NUMBER", "DATE_OF_BIRTH", "ADMIDATE", "DIAG_4_01"], created.Info.Fields);
        Assert.Equal(5, created.Info.Rows);
        Assert.Equal(HesApc, await Read(store, "hes-apc"));

        var replaced = await store.PutAsync("hes-apc", Stream("NHS_NUMBER,SEX\r\n9000000001,1\r\n"), default);
        Assert.True(replaced.Succeeded);
        Assert.False(replaced.Created);
        Assert.Equal(["NHS_NUMBER", "SEX"], replaced.Info!.Fields);
        Assert.Equal(1, replaced.Info.Rows);
        Assert.Equal("NHS_NUMBER,SEX\r\n9000000001,1\r\n", await Read(store, "hes-apc"));

        Assert.True((await store.PutAsync("civil-registration-deaths", Stream(Deaths), default)).Created);
        var list = await store.ListAsync(default);
        Assert.Equal(["civil-registration-deaths", "hes-apc"], list.Select(d => d.Id));
        Assert.Equal(3, list[0].Rows);
        Assert.Equal(1, (await store.GetAsync("hes-apc", default))!.Rows);
        Assert.Null(await store.GetAsync("hes-op", default));
        Assert.Null(await store.OpenAsync("hes-op", default));
        // Only the two manifests and the two current uploads remain.
        Assert.Equal(4, (await BlobNames(container)).Length);
    }

    [Fact]
    public async Task A_BOM_and_blank_lines_are_accepted()
    {
        var store = new DatasetStore(await Container());
        var result = await store.PutAsync("demo", new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("NHS_NUMBER,X\n9000000001,a\n\n9000000002,\"multi\nline\"\n")]), default);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(["NHS_NUMBER", "X"], result.Info!.Fields);
        Assert.Equal(2, result.Info.Rows);
    }

    [Theory]
    [InlineData("NHS,X\n9000000001,a\n", "header: the first row must be the header, its first column NHS_NUMBER")]
    [InlineData("NHS_NUMBER\n9000000001\n", "header: at least one field besides NHS_NUMBER is needed")]
    [InlineData("NHS_NUMBER,X,X\n", "header: field 'X' appears more than once")]
    [InlineData("NHS_NUMBER,,Y\n", "header: column 2 has no name")]
    [InlineData("", "header: the file is empty")]
    [InlineData("NHS_NUMBER,X\n9000000001,a,b\n", "row 1: 3 fields where the header has 2")]
    [InlineData("NHS_NUMBER,X\n9000000001,a\n900000001,b\n", "row 2: NHS_NUMBER '*******001' is not 10 digits")]
    [InlineData("NHS_NUMBER,X\n9000000001,\"open\n", "row 1: malformed CSV (check the quoting)")]
    public async Task A_bad_file_is_refused_with_its_first_problem_and_changes_nothing(string text, string problem)
    {
        var container = await Container();
        var store = new DatasetStore(container);
        await store.PutAsync("hes-apc", Stream(HesApc), default);

        var result = await store.PutAsync("hes-apc", Stream(text), default);

        Assert.False(result.Succeeded);
        Assert.Equal(problem, result.Problems[0]);
        Assert.Equal(HesApc, await Read(store, "hes-apc"));
        Assert.Equal(2, (await BlobNames(container)).Length);
    }

    [Fact]
    public async Task A_file_without_its_header_row_is_refused_without_repeating_any_of_its_first_row()
    {
        var store = new DatasetStore(await Container());

        var result = await store.PutAsync("no-header", Stream("9434765919,Smith,Smith,1980-01-01,1980-01-01,,\n9434765870,Jones,Jones,1990-02-02,1990-02-02,,\n"), default);

        Assert.False(result.Succeeded);
        Assert.Equal(["header: the first row must be the header, its first column NHS_NUMBER"], result.Problems);
    }

    [Fact]
    public async Task Problems_stop_at_ten_and_never_show_a_whole_NHS_number()
    {
        var store = new DatasetStore(await Container());
        var body = new StringBuilder("NHS_NUMBER,X\n");
        for (var i = 0; i < 30; i++) body.Append($"94347659{i:D2}9,x\n"); // 11 digits

        var result = await store.PutAsync("wide", Stream(body.ToString()), default);

        Assert.Equal(10, result.Problems.Count);
        Assert.Equal("row 1: NHS_NUMBER '*******009' is not 10 digits", result.Problems[0]);
        Assert.All(result.Problems, p => Assert.DoesNotMatch("[0-9]{4,}", p));
        Assert.Null(await store.GetAsync("wide", default));
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_is_refused()
    {
        var store = new DatasetStore(await Container());
        var latin1 = Encoding.Latin1.GetBytes("NHS_NUMBER,NAME\n9000000001,Zoë\n");

        var result = await store.PutAsync("names", new MemoryStream(latin1), default);

        Assert.Equal(["file: not UTF-8 text"], result.Problems);
    }

    [Theory]
    [InlineData("HES-APC")]
    [InlineData("hes_apc")]
    [InlineData("")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task A_bad_id_is_refused(string id)
    {
        Assert.False(DatasetStore.IsValidId(id));
        var result = await new DatasetStore(await Container()).PutAsync(id, Stream(HesApc), default);
        Assert.Equal([DatasetStore.InvalidIdProblem], result.Problems);
    }

    [Fact]
    public async Task The_catalogue_is_configuration_overlaid_by_stored_datasets_and_sees_a_put_at_once()
    {
        var container = await Container();
        var store = new DatasetStore(container);
        var time = new FakeTimeProvider(DarsFactory.Start);
        var catalogue = new StoredDatasetCatalogue(
            [new DatasetDefinition("hes-apc", ["NHS_NUMBER", "OLD"]), new DatasetDefinition("hes-op", ["NHS_NUMBER", "APPTDATE"])], store, time);

        var before = await catalogue.GetAsync(default);
        Assert.True(before.HasField("hes-apc", "OLD"));
        await store.PutAsync("hes-apc", Stream(HesApc), default);
        await store.PutAsync("demo", Stream("NHS_NUMBER,X\n"), default);

        var after = await catalogue.GetAsync(default);
        Assert.False(after.HasField("hes-apc", "OLD"));
        Assert.True(after.HasField("hes-apc", "ADMIDATE"));
        Assert.True(after.HasField("hes-op", "APPTDATE"));
        Assert.True(after.HasField("demo", "X"));

        // A dataset stored by another process shows once the cache has expired.
        await new DatasetStore(container).PutAsync("elsewhere", Stream("NHS_NUMBER,Y\n"), default);
        Assert.False((await catalogue.GetAsync(default)).Has("elsewhere"));
        time.Advance(StoredDatasetCatalogue.CacheFor);
        Assert.True((await catalogue.GetAsync(default)).Has("elsewhere"));
    }
}
