using System.Text;
using Azure.Storage.Blobs;
using Dars.Activities.Cohort;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Dars.Tests.Activities.CohortValidation;

/// <summary>Cohort files and the validate-cohort activity on Azurite.</summary>
public sealed class ValidateCohortActivityTests
{
    private const string App = "NIC-424242";
    private const string Header = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS\r\n";

    private static async Task<(CohortFiles Files, BlobContainerClient Container, ValidateCohortActivity Activity)> CreateAsync()
    {
        var clients = await TestStorage.CreateAsync();
        var container = clients.Blobs.GetBlobContainerClient(clients.Options.CohortsContainer);
        var files = new CohortFiles(container);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        return (files, container, new ValidateCohortActivity(files, time));
    }

    private static Stream Body(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    private static async Task<Dictionary<string, string>> BlobsAsync(BlobContainerClient container)
    {
        var blobs = new Dictionary<string, string>();
        await foreach (var item in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, App + "/", default))
            blobs[item.Name] = (await container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString();
        return blobs;
    }

    [Fact]
    public async Task Validation_writes_the_summary_report_and_accepted_rows_beside_the_upload_and_a_second_run_gives_the_same()
    {
        var (files, container, activity) = await CreateAsync();
        var rows = string.Concat(Enumerable.Range(1, 99).Select(i => $"R{i},943 476 5919,Smith,Jo,2,1970-01-31,LS1 4AP,add\r\n"));
        var fileName = App + "_cohort.csv";
        var blob = await files.UploadAsync(App, fileName, Body(Header + rows + "R100,9434765918,,,,1970-01-31,,add\r\n"), 1 << 20, default);
        Assert.Matches($"^{App}/[0-9a-f]{{32}}/{App}_cohort.csv$", blob);
        Assert.Null(await files.GetSummaryAsync(blob, default));
        Assert.Null(await files.OpenErrorsAsync(blob, default));

        var application = new Application { Id = App };
        var effect = new ValidateCohort(blob, fileName);
        var first = await activity.RunAsync(application, $"{App}:7:0", effect, default);
        var blobsAfterFirst = await BlobsAsync(container);
        var second = await activity.RunAsync(application, $"{App}:7:0", effect, default);

        const string reason = "Accepted: 1 of 100 rows invalid (1.0%), within the 2% limit; the invalid rows are left out of linkage.";
        Assert.Equal(new CohortValidated(true, 100, 99, 1, reason), first);
        Assert.Equal(first, second);
        Assert.Equal(blobsAfterFirst, await BlobsAsync(container));
        Assert.Equal([blob, blob + ".accepted.csv", blob + ".errors.csv", blob + ".summary.json"], blobsAfterFirst.Keys.Order());
        Assert.Equal("ROW,UNIQUE REFERENCE,FIELD,ERROR\r\n100,R100,NHS_NO,NHS_NO fails the check digit (*******918).\r\n", blobsAfterFirst[blob + ".errors.csv"]);
        Assert.StartsWith("UNIQUE REFERENCE,NHS_NUMBER\r\nR1,9434765919\r\nR2,9434765919\r\n", blobsAfterFirst[blob + ".accepted.csv"]);
        Assert.Equal(100, blobsAfterFirst[blob + ".accepted.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(new CohortSummary(fileName, 100, 99, 1, true, reason, []), (await files.GetSummaryAsync(blob, default))! with { FileErrors = [] });
        using var errors = new StreamReader((await files.OpenErrorsAsync(blob, default))!);
        Assert.Equal(blobsAfterFirst[blob + ".errors.csv"], await errors.ReadToEndAsync());
        using var accepted = new StreamReader((await files.OpenAcceptedAsync(blob, default))!);
        Assert.Equal(blobsAfterFirst[blob + ".accepted.csv"], await accepted.ReadToEndAsync());
    }

    [Fact]
    public async Task A_rejected_file_keeps_no_accepted_rows_and_says_why_without_personal_data()
    {
        var (files, container, activity) = await CreateAsync();
        var fileName = "cohort.csv";
        var blob = await files.UploadAsync(App, fileName, Body(Header + "R1,9434765919,Smith,Jo,2,1970-01-31,LS1 4AP,add\r\n"), 1 << 20, default);

        var result = await activity.RunAsync(new Application { Id = App }, $"{App}:7:0", new ValidateCohort(blob, fileName), default);
        await activity.RunAsync(new Application { Id = App }, $"{App}:7:0", new ValidateCohort(blob, fileName), default);

        var validated = Assert.IsType<CohortValidated>(result);
        Assert.False(validated.Accepted);
        Assert.Equal("Rejected: The file name must start with the application's reference NIC-424242, e.g. NIC-424242_cohort.csv.", validated.Reason);
        Assert.Null(await files.OpenAcceptedAsync(blob, default));
        var blobs = await BlobsAsync(container);
        Assert.Equal([blob, blob + ".errors.csv", blob + ".summary.json"], blobs.Keys.Order());
        Assert.DoesNotContain("9434765919", blobs[blob + ".errors.csv"] + blobs[blob + ".summary.json"]);
        Assert.Contains("\"accepted\":false", blobs[blob + ".summary.json"]);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_and_nothing_of_it_is_kept()
    {
        var (files, container, _) = await CreateAsync();
        var big = new MemoryStream(new byte[5 * 1024 * 1024 + 10]); // more than one 4 MiB block

        await Assert.ThrowsAsync<CohortTooLargeException>(() => files.UploadAsync(App, App + "_big.csv", new OneWay(big), 5 * 1024 * 1024, default));
        await Assert.ThrowsAsync<CohortTooLargeException>(() => files.UploadAsync(App, App + "_big.csv", new OneWay(new MemoryStream(new byte[101])), 100, default));

        Assert.Empty(await BlobsAsync(container));
        var exact = await files.UploadAsync(App, "NIC-424242 (copy) 2.csv", new OneWay(new MemoryStream(new byte[100])), 100, default);
        Assert.EndsWith("/NIC-424242__copy__2.csv", exact);
        Assert.Equal(100, (await container.GetBlobClient(exact).GetPropertiesAsync()).Value.ContentLength);
    }

    /// <summary>A request body: read once, forwards only, length unknown.</summary>
    private sealed class OneWay(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
