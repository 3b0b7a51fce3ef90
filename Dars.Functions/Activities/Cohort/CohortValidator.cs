using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Dars.Activities.Data;
using Sylvan.Data.Csv;

namespace Dars.Activities.Cohort;

/// <summary>
/// Checks a cohort file against every rule of COHORT.md in one streaming pass: memory stays flat
/// whatever the file's size, except for 8 bytes or so per row to find repeated references (a 64-bit
/// hash of each, never the text). Writes the error report (never echoing an NHS number, a name, a date
/// of birth or a postcode) and, for valid <c>add</c> rows, the accepted rows production reads.
/// </summary>
public sealed class CohortValidator(DateOnly today, int maxRows = CohortValidator.MaxRows)
{
    public const int MaxRows = 1_000_000;
    public const string Reference = "UNIQUE REFERENCE", NhsNo = "NHS_NO", FamilyName = "FAMILY_NAME", GivenName = "GIVEN_NAME",
        Gender = "GENDER", DateOfBirth = "DATE_OF_BIRTH", Postcode = "POSTCODE", Status = "STATUS";

    private static readonly string[] ColumnNames = [Reference, NhsNo, FamilyName, GivenName, Gender, DateOfBirth, Postcode, Status];
    public static IReadOnlyList<string> Columns => ColumnNames;
    private static readonly DateOnly Earliest = new(1890, 1, 1);
    private const byte Add = 1, Delete = 2;

    public async Task<CohortSummary> ValidateAsync(Stream csv, string fileName, string applicationId, bool firstSubmission,
        TextWriter errorReport, TextWriter acceptedRows, CancellationToken cancellationToken)
    {
        var report = new CsvRowWriter(errorReport);
        report.Row(["ROW", Reference, "FIELD", "ERROR"]);
        var accepted = new CsvRowWriter(acceptedRows);
        accepted.Row([Reference, "NHS_NUMBER"]);

        var fileErrors = new List<string>();
        if (!fileName.StartsWith(applicationId, StringComparison.OrdinalIgnoreCase))
            fileErrors.Add($"The file name must start with the application's reference, e.g. {applicationId}_upload.csv.");

        var rows = 0;
        var invalid = 0;
        try
        {
            await using var reader = await CsvDataReader.CreateAsync(Csv.Text(csv, leaveOpen: true), Csv.Options, cancellationToken);
            var columns = MapColumns(reader, fileErrors);
            if (fileErrors.Count > 0) return Rejected(fileName, 0, 0, fileErrors, report);

            // A file's size gives a fair guess of its rows (~64 bytes each), saving most of the table's regrowth.
            var seen = new References(csv.CanSeek ? (int)Math.Min(maxRows, csv.Length / 64) : 0);
            var batch = new Batch();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (Csv.IsBlank(reader)) continue;
                if (++rows > maxRows)
                {
                    fileErrors.Add($"The file has more than {maxRows:N0} data rows; split the cohort into several files.");
                    return Rejected(fileName, rows - 1, invalid, fileErrors, report);
                }
                CheckRow(reader, columns, firstSubmission, batch, rows);
                if (batch.Full) invalid += batch.Flush(seen, report, accepted);
            }
            invalid += batch.Flush(seen, report, accepted);
        }
        catch (Exception e) when (DatasetStore.FileProblem(e, rows + 1) is { } problem)
        {
            fileErrors.Add($"The file is not a UTF-8 CSV file ({problem}).");
            return Rejected(fileName, rows, invalid, fileErrors, report);
        }

        if (rows == 0)
        {
            fileErrors.Add("The file has no data rows.");
            return Rejected(fileName, 0, 0, fileErrors, report);
        }
        var percent = 100.0 * invalid / rows;
        var ok = invalid * 50L <= rows; // at most 2%
        return new CohortSummary(fileName, rows, rows - invalid, invalid, ok,
            ok ? $"Accepted: {invalid:N0} of {rows:N0} rows invalid ({percent:0.##}%), within the 2% limit; invalid rows are left out of linkage."
               : $"Rejected: {invalid:N0} of {rows:N0} rows invalid ({percent:0.##}%), above the 2% limit. Correct the rows in the error report and upload the file again.",
            []);
    }

    private static CohortSummary Rejected(string fileName, int rows, int invalid, List<string> fileErrors, CsvRowWriter report)
    {
        foreach (var error in fileErrors) report.Row(["", "", "FILE", error]);
        return new CohortSummary(fileName, rows, rows - invalid, invalid, false, "Rejected: " + string.Join(" ", fileErrors), fileErrors);
    }

    /// <summary>Where each template column is, by name (any order, any case, spaces around ignored).</summary>
    private static int[] MapColumns(CsvDataReader reader, List<string> fileErrors)
    {
        var index = new int[Columns.Count];
        Array.Fill(index, -1);
        var unknown = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i).Trim().ToUpperInvariant();
            var column = Array.IndexOf(ColumnNames, name);
            if (column >= 0 && index[column] < 0) index[column] = i;
            else if (name.Length > 0) unknown.Add(name);
        }
        var missing = Columns.Where((_, c) => index[c] < 0).ToArray();
        if (missing.Length > 0) fileErrors.Add($"The header is missing these columns: {string.Join(", ", missing)} (every template column must be there, even if empty).");
        if (unknown.Count > 0) fileErrors.Add($"The header has columns the template does not: {string.Join(", ", unknown)}.");
        return index;
    }

    private void CheckRow(CsvDataReader reader, int[] columns, bool firstSubmission, Batch batch, int row)
    {
        ReadOnlySpan<char> Field(int column) => columns[column] < reader.RowFieldCount ? reader.GetFieldSpan(columns[column]).Trim() : [];

        var errors = batch.Errors;
        var reference = Field(0);
        if (reference.IsEmpty) errors.Add((Reference, "UNIQUE REFERENCE is required."));
        else if (reference.Length > 100) errors.Add((Reference, "UNIQUE REFERENCE is longer than 100 characters."));

        long? nhs = null;
        var nhsText = Field(1);
        if (!nhsText.IsEmpty)
        {
            if (NhsNumber.IsValid(nhsText, out var number)) nhs = number;
            else errors.Add((NhsNo, $"NHS_NO is not a valid NHS number: 10 digits with a correct check digit ({NhsNumber.Mask(nhsText)})."));
        }
        if (Field(2).Length > 40) errors.Add((FamilyName, "FAMILY_NAME is longer than 40 characters."));
        if (Field(3).Length > 40) errors.Add((GivenName, "GIVEN_NAME is longer than 40 characters."));
        if (Field(4) is { Length: > 0 } gender && !(gender.Length == 1 && gender[0] is '0' or '1' or '2' or '9'))
            errors.Add((Gender, "GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified)."));
        CheckDateOfBirth(Field(5), errors);
        if (Field(6) is { Length: > 0 } postcode && !IsPostcode(postcode))
            errors.Add((Postcode, "POSTCODE is not a UK postcode of at most 8 characters."));

        var status = Field(7);
        byte kind = status.Equals("add", StringComparison.OrdinalIgnoreCase) ? Add : status.Equals("delete", StringComparison.OrdinalIgnoreCase) ? Delete : (byte)0;
        if (kind == 0) errors.Add((Status, "STATUS must be add or delete."));
        else if (kind == Delete && firstSubmission) errors.Add((Status, "STATUS must be add in a first submission: there is nothing to delete yet."));

        var hash = !reference.IsEmpty && kind != 0 ? XxHash64.HashToUInt64(MemoryMarshal.AsBytes(reference)) : 0;
        batch.Push(row, reference, hash, kind == Delete, kind == Add, nhs);
    }

    private void CheckDateOfBirth(ReadOnlySpan<char> text, List<(string, string)> errors)
    {
        if (text.IsEmpty) { errors.Add((DateOfBirth, "DATE_OF_BIRTH is required.")); return; }
        if (!TryParseDate(text, out var date))
            errors.Add((DateOfBirth, "DATE_OF_BIRTH must be a real date written YYYY-MM-DD (or YYYY/MM/DD)."));
        else if (date > today) errors.Add((DateOfBirth, "DATE_OF_BIRTH is in the future."));
        else if (date < Earliest) errors.Add((DateOfBirth, "DATE_OF_BIRTH is before 1890-01-01."));
    }

    /// <summary><c>YYYY-MM-DD</c> or <c>YYYY/MM/DD</c>, a real calendar date; parsed by hand because it runs for every row.</summary>
    private static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != text[7] || text[4] is not ('-' or '/')) return false;
        if (!TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month) || !TryDigits(text[8..], out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>
    /// A UK postcode, at most 8 characters: an outward code (A9, A99, AA9, AA99, A9A or AA9A), an optional
    /// space, and an inward code (9AA). Checked by hand because it runs for every row.
    /// </summary>
    private static bool IsPostcode(ReadOnlySpan<char> text)
    {
        if (text.Length is < 5 or > 8) return false;
        var inward = text[^3..];
        if (!char.IsAsciiDigit(inward[0]) || !char.IsAsciiLetter(inward[1]) || !char.IsAsciiLetter(inward[2])) return false;
        var outward = text[..^3];
        if (outward[^1] == ' ') outward = outward[..^1];
        if (outward.Length is < 2 or > 4 || !char.IsAsciiLetter(outward[0])) return false;
        var area = char.IsAsciiLetter(outward[1]) ? 2 : 1;
        if (area >= outward.Length || !char.IsAsciiDigit(outward[area])) return false;
        var rest = outward[(area + 1)..];
        return rest.Length == 0 || (rest.Length == 1 && char.IsAsciiLetterOrDigit(rest[0]));
    }

    private enum Repeat { None, Duplicate, AddedAndDeleted }

    /// <summary>
    /// The references seen so far, as 64-bit hashes in one open-addressed table (8 bytes a slot, at most
    /// 70% full: one cache miss a row where a general-purpose set costs two), with the few deleted ones
    /// kept apart so a reference both added and deleted is told from a plain duplicate.
    /// </summary>
    private sealed class References(int expected)
    {
        private ulong[] _slots = new ulong[Math.Max(1024, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, expected + expected / 4)))];
        private int _count;
        private readonly HashSet<ulong> _deleted = [];

        public Repeat Add(ulong hash, bool delete)
        {
            hash = hash == 0 ? 1 : hash; // 0 marks an empty slot
            if (!Insert(_slots, hash)) return _deleted.Contains(hash) != delete ? Repeat.AddedAndDeleted : Repeat.Duplicate;
            if (delete) _deleted.Add(hash);
            if (++_count * 10L > _slots.Length * 7L) Grow();
            return Repeat.None;
        }

        /// <summary>
        /// Reads the slots a batch of hashes start at, in one go: the loads are independent, so their cache
        /// misses overlap instead of queueing one behind another in <see cref="Add"/>.
        /// </summary>
        public ulong Touch(ReadOnlySpan<ulong> hashes)
        {
            var mask = _slots.Length - 1;
            ulong sum = 0;
            foreach (var hash in hashes) sum += _slots[(int)((hash == 0 ? 1 : hash) >> 32) & mask];
            return sum;
        }

        private static bool Insert(ulong[] slots, ulong hash)
        {
            var mask = slots.Length - 1;
            for (var i = (int)(hash >> 32) & mask; ; i = (i + 1) & mask)
            {
                if (slots[i] == hash) return false;
                if (slots[i] != 0) continue;
                slots[i] = hash;
                return true;
            }
        }

        private void Grow()
        {
            var bigger = new ulong[_slots.Length * 2];
            foreach (var hash in _slots)
                if (hash != 0) Insert(bigger, hash);
            _slots = bigger;
        }
    }

    /// <summary>
    /// Rows checked but not yet written: a few hundred at a time, so the duplicate check can look their
    /// references up together, then each row's errors (or its accepted line) are written in file order.
    /// </summary>
    private sealed class Batch
    {
        private const int Size = 512;
        private readonly int[] _rows = new int[Size], _referenceStart = new int[Size], _referenceLength = new int[Size], _errorEnd = new int[Size];
        private readonly ulong[] _hashes = new ulong[Size];
        private readonly bool[] _deletes = new bool[Size], _adds = new bool[Size];
        private readonly long[] _nhs = new long[Size];
        private readonly List<(int Row, string Field, string Error)> _duplicates = [];
        private readonly char[] _digits = new char[10];
        private char[] _references = new char[Size * 24];
        private int _count, _referenceChars;
        private ulong _touched;

        /// <summary>This row's errors so far; <see cref="Push"/> closes the row.</summary>
        public List<(string Field, string Error)> Errors { get; } = new(Size);

        public bool Full => _count == Size;

        public void Push(int row, ReadOnlySpan<char> reference, ulong hash, bool delete, bool add, long? nhs)
        {
            if (_referenceChars + reference.Length > _references.Length) Array.Resize(ref _references, Math.Max(_references.Length * 2, _referenceChars + reference.Length));
            reference.CopyTo(_references.AsSpan(_referenceChars));
            _rows[_count] = row;
            _referenceStart[_count] = _referenceChars;
            _referenceLength[_count] = reference.Length;
            _referenceChars += reference.Length;
            _hashes[_count] = hash;
            _deletes[_count] = delete;
            _adds[_count] = add;
            _nhs[_count] = nhs ?? -1;
            _errorEnd[_count] = Errors.Count;
            _count++;
        }

        /// <summary>Checks the batch's references for repeats, writes its rows; returns how many were invalid.</summary>
        public int Flush(References seen, CsvRowWriter report, CsvRowWriter accepted)
        {
            _touched += seen.Touch(_hashes.AsSpan(0, _count));
            var invalid = 0;
            var errorAt = 0;
            for (var i = 0; i < _count; i++)
            {
                var errorEnd = _errorEnd[i];
                _duplicates.Clear();
                if (_hashes[i] != 0 && seen.Add(_hashes[i], _deletes[i]) is var repeat && repeat != Repeat.None)
                    _duplicates.Add((_rows[i], Reference, repeat == Repeat.AddedAndDeleted
                        ? "This UNIQUE REFERENCE is both added and deleted in the file."
                        : "This UNIQUE REFERENCE appears more than once in the file."));
                var reference = _references.AsSpan(_referenceStart[i], _referenceLength[i]);
                if (errorEnd > errorAt || _duplicates.Count > 0)
                {
                    invalid++;
                    var row = _rows[i].ToString(CultureInfo.InvariantCulture);
                    var text = reference.ToString();
                    for (var e = errorAt; e < errorEnd; e++) report.Row([row, text, Errors[e].Field, Errors[e].Error]);
                    foreach (var duplicate in _duplicates) report.Row([row, text, duplicate.Field, duplicate.Error]);
                }
                else if (_adds[i])
                {
                    accepted.Field(reference);
                    accepted.Field(_nhs[i] >= 0 && _nhs[i].TryFormat(_digits, out var written, "D10", CultureInfo.InvariantCulture) ? _digits.AsSpan(0, written) : []);
                    accepted.EndRow();
                }
                errorAt = errorEnd;
            }
            _count = 0;
            _referenceChars = 0;
            Errors.Clear();
            GC.KeepAlive(_touched);
            return invalid;
        }
    }
}
