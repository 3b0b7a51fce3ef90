using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Sylvan.Data.Csv;
using System.Text;

namespace Dars.Activities.Data;

/// <summary>A stored dataset: its columns (the header, <c>NHS_NUMBER</c> first) and its data row count.</summary>
public sealed record DatasetInfo(string Id, IReadOnlyList<string> Fields, long Rows);

/// <summary>
/// The outcome of <see cref="DatasetStore.PutAsync"/>: the stored dataset and whether it is new, or the
/// first problems of a rejected file (at most 10, NHS numbers masked), in which case nothing changed.
/// </summary>
public sealed record DatasetPutResult(DatasetInfo? Info, bool Created, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Info is not null;

    internal static DatasetPutResult Rejected(IReadOnlyList<string> problems) => new(null, false, problems);
}

/// <summary>
/// The datasets data producers maintain, in the datasets container: <c>datasets/{id}.json</c> (the
/// manifest <c>{id, fields, rows, blob}</c>) names the current upload <c>datasets/{id}/{upload}.csv</c>.
/// A PUT streams the body to a new upload blob while checking it, and swaps the manifest only if the
/// file is good, so a dataset is replaced atomically and a bad file changes nothing.
/// </summary>
public class DatasetStore(BlobContainerClient container)
{
    public const string NhsNumberColumn = "NHS_NUMBER";
    private const string Prefix = "datasets/";
    private long _generation;

    /// <summary>Lowercase letters, digits and hyphens, 1–64 characters.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public const string InvalidIdProblem = "id: a dataset id is 1-64 lowercase letters, digits or hyphens";

    /// <summary>Goes up by one with every dataset stored through this instance (for caches in this process).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public virtual async Task<DatasetPutResult> PutAsync(string id, Stream csv, CancellationToken cancellationToken)
    {
        if (!IsValidId(id)) return DatasetPutResult.Rejected([InvalidIdProblem]);
        var dataName = $"{Prefix}{id}/{Guid.NewGuid():N}.csv";
        var check = await Manifests.UploadCheckedAsync(container, dataName, csv, CheckAsync, c => c.Problems.Count == 0, cancellationToken);
        if (check.Problems.Count > 0) return DatasetPutResult.Rejected(check.Problems);

        var manifestBlob = container.GetBlobClient(ManifestName(id));
        var info = new DatasetInfo(id, check.Fields, check.Rows);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (previous, etag) = await Manifests.ReadAsync<DatasetManifest>(manifestBlob, cancellationToken);
            if (!await Manifests.TryWriteAsync(manifestBlob, new DatasetManifest(id, check.Fields, check.Rows, dataName), etag, cancellationToken))
                continue;
            Interlocked.Increment(ref _generation);
            if (previous is not null && previous.Blob != dataName)
                await Manifests.DeleteQuietlyAsync(container, previous.Blob, CancellationToken.None);
            return new DatasetPutResult(info, previous is null, []);
        }
        await Manifests.DeleteQuietlyAsync(container, dataName, CancellationToken.None);
        throw new InvalidOperationException($"Dataset '{id}' is being replaced concurrently; try again.");
    }

    public virtual async Task<IReadOnlyList<DatasetInfo>> ListAsync(CancellationToken cancellationToken) =>
        (await ManifestsAsync(cancellationToken)).Select(m => m.Info).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>Deletes dataset uploads no manifest names, last written before <paramref name="before"/>; returns how many.</summary>
    public virtual async Task<int> DeleteUnnamedUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var named = (await ManifestsAsync(cancellationToken)).Select(m => m.Blob).ToHashSet(StringComparer.Ordinal);
        return await Manifests.DeleteUnnamedAsync(container, Prefix, named, before, cancellationToken);
    }

    private async Task<DatasetManifest[]> ManifestsAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", Prefix, cancellationToken))
            if (item.IsBlob && item.Blob.Name.EndsWith(".json", StringComparison.Ordinal)) names.Add(item.Blob.Name);
        var found = await Task.WhenAll(names.Select(async n =>
            (await Manifests.ReadAsync<DatasetManifest>(container.GetBlobClient(n), cancellationToken)).Value));
        return [.. found.OfType<DatasetManifest>()];
    }

    public virtual async Task<DatasetInfo?> GetAsync(string id, CancellationToken cancellationToken) =>
        IsValidId(id) ? (await ManifestAsync(id, cancellationToken))?.Info : null;

    /// <summary>The stored CSV as uploaded, or null when there is no such dataset.</summary>
    public virtual async Task<Stream?> OpenAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsValidId(id) || await ManifestAsync(id, cancellationToken) is not { } manifest) return null;
        return await container.GetBlobClient(manifest.Blob).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false)
        {
            BufferSize = 4 * 1024 * 1024,
        }, cancellationToken);
    }

    private async Task<DatasetManifest?> ManifestAsync(string id, CancellationToken cancellationToken) =>
        (await Manifests.ReadAsync<DatasetManifest>(container.GetBlobClient(ManifestName(id)), cancellationToken)).Value;

    private static string ManifestName(string id) => $"{Prefix}{id}.json";

    /// <summary>
    /// Checks a dataset file: UTF-8 CSV; header <c>NHS_NUMBER</c> then at least one field, names unique and
    /// non-empty; every row as many fields as the header and a 10-digit NHS number. Blank lines are skipped.
    /// Rows are numbered from 1 at the first data row.
    /// </summary>
    internal static async Task<DatasetCheck> CheckAsync(Stream csv, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        string[] fields = [];
        long rows = 0, row = 0;
        try
        {
            await using var reader = await Csv.OpenAsync(csv, cancellationToken);
            fields = Csv.Header(reader);
            CheckHeader(fields, problems);
            if (problems.Any) return new DatasetCheck(fields, 0, problems.Items);
            while (!problems.Full && await reader.ReadAsync(cancellationToken))
            {
                row++;
                if (Csv.IsBlank(reader)) continue;
                if (reader.RowFieldCount != fields.Length)
                    problems.Add($"row {row}: {reader.RowFieldCount} fields where the header has {fields.Length}");
                else if (!NhsNumbers.TryParse(reader.GetFieldSpan(0).Trim(), out _))
                    problems.Add($"row {row}: {NhsNumberColumn} '{Cohort.NhsNumber.Mask(reader.GetFieldSpan(0))}' is not 10 digits");
                else rows++;
            }
        }
        catch (Exception e) when (FileProblem(e, row + 1) is { } problem)
        {
            problems.Add(problem);
        }
        return new DatasetCheck(fields, rows, problems.Items);
    }

    private static void CheckHeader(string[] fields, ProblemList problems)
    {
        if (fields.Length == 0 || fields[0] != NhsNumberColumn)
        {
            // Without its header the first row is most likely data: none of it is repeated back.
            problems.Add($"header: the first row must be the header, its first column {NhsNumberColumn}");
            return;
        }
        if (fields.Length < 2)
            problems.Add($"header: at least one field besides {NhsNumberColumn} is needed");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].Length == 0) problems.Add($"header: column {i + 1} has no name");
            else if (!seen.Add(fields[i])) problems.Add($"header: field '{fields[i]}' appears more than once");
        }
    }

    /// <summary>Problems that end the reading of a file, reported without any of its content.</summary>
    internal static string? FileProblem(Exception e, long row) => e switch
    {
        DecoderFallbackException => "file: not UTF-8 text",
        CsvMissingHeadersException => "header: the file is empty",
        CsvRecordTooLargeException => $"row {row}: the record is too long",
        CsvFormatException or CsvInvalidCharacterException => $"row {row}: malformed CSV (check the quoting)",
        _ => null,
    };

    private sealed record DatasetManifest(string Id, IReadOnlyList<string> Fields, long Rows, string Blob)
    {
        public DatasetInfo Info => new(Id, Fields, Rows);
    }
}

internal sealed record DatasetCheck(IReadOnlyList<string> Fields, long Rows, IReadOnlyList<string> Problems);
