using Azure.Storage.Blobs;

namespace Dars.Activities.Data;

/// <summary>The kinds of objection a patient may have registered; one patient may hold both.</summary>
[Flags]
public enum ObjectionTypes : byte
{
    None = 0,
    Type1 = 1,
    NationalDataOptOut = 2,
}

/// <summary>The outcome of <see cref="ObjectionRegister.ReplaceAsync"/>: the register's row count, or the first problems (nothing changed).</summary>
public sealed record ObjectionPutResult(long Count, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// The register of patients' objections (<c>NHS_NUMBER,OBJECTION_TYPE</c>; <c>type-1</c> or
/// <c>national-data-opt-out</c>), replaced whole by a data producer. Stored in the datasets container as
/// <c>objections/{upload}.csv</c> named by the manifest <c>objections/current.json</c>, swapped only once
/// a new file checked out.
/// </summary>
public class ObjectionRegister(BlobContainerClient container)
{
    public const string Type1 = "type-1", NationalDataOptOut = "national-data-opt-out";
    private const string ManifestName = "objections/current.json";

    public static readonly IReadOnlyDictionary<long, ObjectionTypes> Empty = new Dictionary<long, ObjectionTypes>();

    public virtual async Task<ObjectionPutResult> ReplaceAsync(Stream csv, CancellationToken cancellationToken)
    {
        var dataName = $"objections/{Guid.NewGuid():N}.csv";
        var check = await Manifests.UploadCheckedAsync(container, dataName, csv, (s, ct) => ReadAsync(s, null, ct),
            c => c.Problems.Count == 0, cancellationToken);
        if (check.Problems.Count > 0) return new ObjectionPutResult(0, check.Problems);

        var manifestBlob = container.GetBlobClient(ManifestName);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (previous, etag) = await Manifests.ReadAsync<RegisterManifest>(manifestBlob, cancellationToken);
            if (!await Manifests.TryWriteAsync(manifestBlob, new RegisterManifest(check.Rows, dataName), etag, cancellationToken)) continue;
            if (previous is not null && previous.Blob != dataName)
                await Manifests.DeleteQuietlyAsync(container, previous.Blob, CancellationToken.None);
            return new ObjectionPutResult(check.Rows, []);
        }
        await Manifests.DeleteQuietlyAsync(container, dataName, CancellationToken.None);
        throw new InvalidOperationException("The objection register is being replaced concurrently; try again.");
    }

    /// <summary>Deletes register uploads the manifest does not name, last written before <paramref name="before"/>; returns how many.</summary>
    public virtual async Task<int> DeleteUnnamedUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var (manifest, _) = await Manifests.ReadAsync<RegisterManifest>(container.GetBlobClient(ManifestName), cancellationToken);
        var named = manifest is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { manifest.Blob };
        return await Manifests.DeleteUnnamedAsync(container, "objections/", named, before, cancellationToken);
    }

    /// <summary>
    /// The register in memory for production: NHS number → objection types. Its size is the register's, whatever
    /// the datasets'. Empty when no register has been stored.
    /// </summary>
    public virtual async Task<IReadOnlyDictionary<long, ObjectionTypes>> LoadAsync(CancellationToken cancellationToken)
    {
        var (manifest, _) = await Manifests.ReadAsync<RegisterManifest>(container.GetBlobClient(ManifestName), cancellationToken);
        if (manifest is null) return Empty;
        var register = new Dictionary<long, ObjectionTypes>((int)Math.Min(manifest.Count, int.MaxValue / 2));
        await using var stream = await container.GetBlobClient(manifest.Blob).OpenReadAsync(
            new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false) { BufferSize = 4 * 1024 * 1024 }, cancellationToken);
        var check = await ReadAsync(stream, register, cancellationToken);
        if (check.Problems.Count > 0)
            throw new InvalidDataException($"The stored objection register is unreadable: {string.Join("; ", check.Problems)}");
        return register;
    }

    /// <summary>Reads (and checks) a register file, adding its entries to <paramref name="into"/> when given.</summary>
    public static async Task<RegisterCheck> ReadAsync(Stream csv, Dictionary<long, ObjectionTypes>? into, CancellationToken cancellationToken)
    {
        var problems = new ProblemList();
        long rows = 0, row = 0;
        try
        {
            await using var reader = await Csv.OpenAsync(csv, cancellationToken);
            var header = Csv.Header(reader);
            if (header.Length != 2 || !header[0].Equals("NHS_NUMBER", StringComparison.OrdinalIgnoreCase)
                || !header[1].Equals("OBJECTION_TYPE", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add("header: the columns must be NHS_NUMBER,OBJECTION_TYPE");
                return new RegisterCheck(0, problems.Items);
            }
            while (!problems.Full && await reader.ReadAsync(cancellationToken))
            {
                row++;
                if (Csv.IsBlank(reader)) continue;
                if (reader.RowFieldCount != 2)
                {
                    problems.Add($"row {row}: {reader.RowFieldCount} fields where the header has 2");
                    continue;
                }
                var type = TypeOf(reader.GetFieldSpan(1).Trim());
                var nhs = reader.GetFieldSpan(0).Trim();
                var valid = true;
                if (!NhsNumbers.TryParse(nhs, out var number))
                {
                    problems.Add($"row {row}: NHS_NUMBER '{Cohort.NhsNumber.Mask(nhs)}' is not 10 digits");
                    valid = false;
                }
                if (type == ObjectionTypes.None)
                {
                    problems.Add($"row {row}: OBJECTION_TYPE must be {Type1} or {NationalDataOptOut}");
                    valid = false;
                }
                if (!valid) continue;
                rows++;
                if (into is not null)
                    into[number] = into.GetValueOrDefault(number) | type;
            }
        }
        catch (Exception e) when (DatasetStore.FileProblem(e, row + 1) is { } problem)
        {
            problems.Add(problem);
        }
        return new RegisterCheck(rows, problems.Items);
    }

    private static ObjectionTypes TypeOf(ReadOnlySpan<char> text) =>
        text.Equals(Type1, StringComparison.OrdinalIgnoreCase) ? ObjectionTypes.Type1
        : text.Equals(NationalDataOptOut, StringComparison.OrdinalIgnoreCase) ? ObjectionTypes.NationalDataOptOut
        : ObjectionTypes.None;

    public sealed record RegisterCheck(long Rows, IReadOnlyList<string> Problems);

    private sealed record RegisterManifest(long Count, string Blob);
}
