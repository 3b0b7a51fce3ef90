using Dars.Lifecycle;
using Dars.Lifecycle.Submission;

namespace Dars.Activities.Data;

/// <summary>The counts of LIFECYCLE.md "Data production and objections", as <c>DataProduced</c> records them.</summary>
public sealed record ProductionSummary(
    int CohortRows, int Matched, int RemovedType1, int RemovedNationalDataOptOut, long ReleasedRows, string ObjectionsReason);

/// <summary>One dataset to extract: its id and the requested fields, in the order requested.</summary>
public sealed record ExtractRequest(string DatasetId, IReadOnlyList<string> Fields)
{
    /// <summary>The approved application's requests: one per dataset id (the first wins), each field once, in order.</summary>
    public static IReadOnlyList<ExtractRequest> From(ApplicationForm form) =>
        (form.Datasets ?? [])
            .Where(d => !string.IsNullOrEmpty(d.Id))
            .DistinctBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new ExtractRequest(d.Id!, (d.Fields ?? []).Where(f => !string.IsNullOrEmpty(f)).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
}

/// <summary>A dataset no longer has a field the application asks for (it was replaced since approval).</summary>
public sealed class DatasetFieldMissingException(string datasetId, string field)
    : InvalidOperationException($"Dataset '{datasetId}' has no field '{field}'.");

/// <summary>
/// The join of LIFECYCLE.md "Data production and objections", one dataset at a time. Each dataset is streamed
/// once; memory holds the cohort and the objection register (and per cohort row one byte), never a dataset.
/// <list type="bullet">
/// <item>With a cohort: a dataset row is kept when its NHS number is a cohort row's, and written once per
/// cohort row with that number (one NHS number may carry several <c>UNIQUE REFERENCE</c>s: one extract row each).
/// Columns: <c>UNIQUE REFERENCE</c>, then the requested fields in the requested order.</item>
/// <item>Without a cohort: every row, requested fields only.</item>
/// <item>Objections are upheld (<see cref="ReleaseRegister.UpholdsObjections"/>) unless the exemption is
/// <c>consent</c> or <c>not-identifiable</c>: rows of a patient in the register are left out.</item>
/// </list>
/// Counts: cohort rows (rows of the accepted cohort); matched (cohort rows whose NHS number is in at least one
/// requested dataset, objections aside); removed per type (matched cohort rows left out for an objection of
/// that type — a patient with both types counts in both); released rows (rows written across all extracts).
/// Without a cohort, cohort rows and matched are 0 and the removed counts are distinct patients left out.
/// </summary>
public sealed class DataProduction
{
    public const string UniqueReference = "UNIQUE REFERENCE";
    private const byte Found = 1, RemovedType1 = 2, RemovedOptOut = 4;

    private readonly AcceptedCohort? _cohort;
    private readonly IReadOnlyDictionary<long, ObjectionTypes> _objections;
    private readonly bool _upholds;
    private readonly string _reason;
    private readonly byte[] _marks;
    private readonly HashSet<long> _removedType1 = [], _removedOptOut = [];
    private long _released;

    /// <param name="cohort">The accepted cohort, or null when the application needs none.</param>
    /// <param name="objections">The objection register (may be empty when objections are not upheld).</param>
    /// <param name="objectionExemption">The approved application's <c>objectionExemption</c>.</param>
    public DataProduction(AcceptedCohort? cohort, IReadOnlyDictionary<long, ObjectionTypes> objections, string? objectionExemption)
    {
        _cohort = cohort;
        _upholds = ReleaseRegister.UpholdsObjections(objectionExemption);
        _objections = _upholds ? objections : ObjectionRegister.Empty;
        _reason = ReleaseRegister.ReasonFor(objectionExemption);
        _marks = new byte[cohort?.Rows ?? 0];
    }

    /// <summary>
    /// Reads one dataset CSV (header <c>NHS_NUMBER</c> then its fields) and writes its extract (UTF-8, CRLF)
    /// to <paramref name="extract"/>, which stays open. Returns the rows written.
    /// </summary>
    public async Task<long> ExtractAsync(ExtractRequest request, Stream dataset, Stream extract, CancellationToken cancellationToken)
    {
        await using var reader = await Csv.OpenAsync(dataset, cancellationToken);
        var header = Csv.Header(reader);
        if (header.Length == 0 || header[0] != DatasetStore.NhsNumberColumn)
            throw new InvalidDataException($"Dataset '{request.DatasetId}' does not start with {DatasetStore.NhsNumberColumn}.");
        var ordinals = request.Fields.Select(f => Array.IndexOf(header, f) is var i and >= 0 ? i
            : throw new DatasetFieldMissingException(request.DatasetId, f)).ToArray();

        // Rows are formatted into a memory buffer and handed to the extract stream asynchronously in chunks of
        // about 1 MiB, so a blob upload never blocks a thread.
        var buffer = new MemoryStream(ChunkBytes + 0x10000);
        await using var text = new StreamWriter(buffer, Csv.Utf8NoBom, bufferSize: 0x4000, leaveOpen: true);
        var csv = new CsvRowWriter(text);
        csv.Row(_cohort is null ? request.Fields : [UniqueReference, .. request.Fields]);
        long written = 0, read = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if ((++read & 1023) == 0) await DrainAsync(text, buffer, extract, ChunkBytes, cancellationToken);
            if (reader.RowFieldCount < header.Length || !NhsNumbers.TryParse(reader.GetFieldSpan(0).Trim(), out var nhs)) continue;
            var objection = _objections.Count > 0 && _objections.TryGetValue(nhs, out var t) ? t : ObjectionTypes.None;
            if (_cohort is null)
            {
                if (objection != ObjectionTypes.None)
                {
                    if (objection.HasFlag(ObjectionTypes.Type1)) _removedType1.Add(nhs);
                    if (objection.HasFlag(ObjectionTypes.NationalDataOptOut)) _removedOptOut.Add(nhs);
                    continue;
                }
                WriteFields(csv, reader, ordinals);
                written++;
                continue;
            }
            var first = _cohort.First(nhs);
            if (first < 0) continue;
            byte mark = objection == ObjectionTypes.None ? Found
                : (byte)(Found | (objection.HasFlag(ObjectionTypes.Type1) ? RemovedType1 : 0) | (objection.HasFlag(ObjectionTypes.NationalDataOptOut) ? RemovedOptOut : 0));
            for (var row = first; row >= 0; row = _cohort.Next(row))
            {
                _marks[row] |= mark;
                if (objection != ObjectionTypes.None) continue;
                csv.Field(_cohort.Reference(row));
                WriteFields(csv, reader, ordinals);
                written++;
            }
        }
        await DrainAsync(text, buffer, extract, 0, cancellationToken);
        await extract.FlushAsync(cancellationToken);
        _released += written;
        return written;
    }

    private const int ChunkBytes = 1 << 20;

    private static async ValueTask DrainAsync(StreamWriter text, MemoryStream buffer, Stream extract, int atLeast, CancellationToken cancellationToken)
    {
        text.Flush();
        if (buffer.Length == 0 || buffer.Length < atLeast) return;
        await extract.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
        buffer.SetLength(0);
    }

    private static void WriteFields(CsvRowWriter csv, Sylvan.Data.Csv.CsvDataReader reader, int[] ordinals)
    {
        foreach (var ordinal in ordinals) csv.Field(reader.GetFieldSpan(ordinal));
        csv.EndRow();
    }

    /// <summary>The counts so far (after every requested dataset: the production's summary).</summary>
    public ProductionSummary Summary
    {
        get
        {
            if (_cohort is null)
                return new ProductionSummary(0, 0, _removedType1.Count, _removedOptOut.Count, _released, _reason);
            int matched = 0, type1 = 0, optOut = 0;
            foreach (var mark in _marks)
            {
                if ((mark & Found) != 0) matched++;
                if ((mark & RemovedType1) != 0) type1++;
                if ((mark & RemovedOptOut) != 0) optOut++;
            }
            return new ProductionSummary(_cohort.Rows, matched, type1, optOut, _released, _reason);
        }
    }
}
