using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Dars.Activities.Data;
using Dars.Runtime.Storage;

namespace Dars.Activities.Cohort;

/// <summary>
/// Cohort files in their private container: each upload at <c>{application}/{upload}/{file name}</c> (the upload
/// id a new GUID, the file name reduced to letters, digits, <c>.</c>, <c>-</c> and <c>_</c>), with its validation's
/// <c>{blob}.summary.json</c>, <c>{blob}.errors.csv</c> and <c>{blob}.accepted.csv</c> beside it. Uploads stream:
/// at most a few 4 MiB blocks of a file are in memory at once.
/// </summary>
public class CohortFiles(BlobContainerClient container) : IAcceptedCohortSource
{
    /// <summary>Block size of uploads; the SDK's default would hold up to 256 MiB of an unseekable body in memory.</summary>
    private const int BlockBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Streams the body to a new blob, block by block; returns the blob's name. More than <paramref name="maxBytes"/>
    /// throws <see cref="CohortTooLargeException"/>, and nothing of the upload is kept.
    /// </summary>
    public virtual async Task<string> UploadAsync(string applicationId, string fileName, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var name = $"{applicationId}/{Guid.NewGuid():N}/{SafeName(fileName)}";
        var blob = container.GetBlobClient(name);
        var options = new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = BlockBytes, MaximumTransferSize = BlockBytes, MaximumConcurrency = 2 },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await blob.UploadAsync(new LimitedStream(body, maxBytes), options, cancellationToken);
            return name;
        }
        catch (Exception e) when (e is CohortTooLargeException || e.InnerException is CohortTooLargeException)
        {
            // Blocks already staged are never committed (the service drops them); a committed blob cannot exist here.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            if (e is not CohortTooLargeException) ExceptionDispatchInfo.Throw(e.InnerException!);
            throw;
        }
    }

    /// <summary>
    /// Removes an upload whose <c>cohort-uploaded</c> was refused, or that no <c>cohort-uploaded</c> ever named (see
    /// <see cref="CohortHousekeeping"/>): nothing refers to it, and it holds patients' details.
    /// </summary>
    public virtual async Task DeleteUploadAsync(string blobName, CancellationToken cancellationToken) =>
        await container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>Every blob of the container (uploads and the files beside them), in name order, so an application's come together.</summary>
    public virtual async IAsyncEnumerable<(string Name, DateTimeOffset LastModified)> ListAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            yield return (blob.Name, blob.Properties.LastModified ?? DateTimeOffset.MinValue);
    }

    /// <summary>
    /// Whether <paramref name="blobName"/> is one of the <paramref name="uploads"/> or a file beside one of them
    /// (its summary, error report or accepted rows).
    /// </summary>
    public static bool BelongsTo(string blobName, IReadOnlySet<string> uploads) =>
        uploads.Contains(blobName)
        || SideSuffixes.Any(suffix => blobName.EndsWith(suffix, StringComparison.Ordinal) && uploads.Contains(blobName[..^suffix.Length]));

    public virtual async Task<Stream> OpenUploadAsync(string blobName, CancellationToken cancellationToken) =>
        await container.GetBlobClient(blobName).OpenReadAsync(cancellationToken: cancellationToken);

    public virtual async Task<CohortSummary?> GetSummaryAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await container.GetBlobClient(blobName + SummarySuffix).DownloadContentAsync(cancellationToken)).Value.Content;
            return DarsJson.Deserialize<CohortSummary>(content.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    public virtual Task<Stream?> OpenErrorsAsync(string blobName, CancellationToken cancellationToken) => OpenIfExists(blobName + ErrorsSuffix, cancellationToken);

    public virtual Task<Stream?> OpenAcceptedAsync(string blobName, CancellationToken cancellationToken) => OpenIfExists(blobName + AcceptedSuffix, cancellationToken);

    public virtual async Task WriteSummaryAsync(string blobName, CohortSummary summary, CancellationToken cancellationToken) =>
        await container.GetBlobClient(blobName + SummarySuffix).UploadAsync(BinaryData.FromString(DarsJson.Serialize(summary)), overwrite: true, cancellationToken);

    /// <summary>A text writer straight into a blob (replacing it), for reports written as they are found.</summary>
    public virtual async Task<TextWriter> OpenErrorsWriterAsync(string blobName, CancellationToken cancellationToken) =>
        await Writer(blobName + ErrorsSuffix, cancellationToken);

    public virtual async Task<TextWriter> OpenAcceptedWriterAsync(string blobName, CancellationToken cancellationToken) =>
        await Writer(blobName + AcceptedSuffix, cancellationToken);

    public virtual async Task DeleteAcceptedAsync(string blobName, CancellationToken cancellationToken) =>
        await container.GetBlobClient(blobName + AcceptedSuffix).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private const string SummarySuffix = ".summary.json", ErrorsSuffix = ".errors.csv", AcceptedSuffix = ".accepted.csv";
    private static readonly string[] SideSuffixes = [SummarySuffix, ErrorsSuffix, AcceptedSuffix];

    private async Task<TextWriter> Writer(string name, CancellationToken cancellationToken) =>
        new StreamWriter(await container.GetBlockBlobClient(name).OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken),
            new UTF8Encoding(false), 1 << 16);

    private async Task<Stream?> OpenIfExists(string name, CancellationToken cancellationToken)
    {
        try { return await container.GetBlobClient(name).OpenReadAsync(cancellationToken: cancellationToken); }
        catch (RequestFailedException e) when (e.Status == 404) { return null; }
    }

    private static string SafeName(string fileName)
    {
        var safe = new string(Path.GetFileName(fileName).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return safe.Length is > 0 and <= 200 ? safe : "cohort.csv";
    }

    /// <summary>Passes a request body through, failing once more than the limit has come.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            if ((_read += read) > limit) throw new CohortTooLargeException(limit);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>The cohort upload went over the size limit; nothing of it is kept.</summary>
public sealed class CohortTooLargeException(long limit) : Exception($"The cohort file is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}
