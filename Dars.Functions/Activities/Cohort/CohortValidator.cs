using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Dars.Activities.Data;
using Sylvan.Data.Csv;

namespace Dars.Activities.Cohort;

/// <summary>
/// Checks a cohort file against every rule of COHORT.md in one streaming pass (Sylvan's <see cref="CsvDataReader"/>,
/// fields read as spans, nothing kept per row but an 8-byte hash of its reference), and writes as it goes:
/// <list type="bullet">
/// <item>the error report, CSV <c>ROW,UNIQUE REFERENCE,FIELD,ERROR</c>: one line per problem (a row may have several).
/// ROW is the data row's number, 1 for the first row after the header, blank lines not counted. Messages say
/// what is wrong, never the value: an NHS number only masked (<c>*******919</c>), no name, date of birth or
/// postcode. A reference that is itself a valid NHS number is masked too; one longer than 100 characters is
/// cut to its first 100. File-level errors have FIELD <c>FILE</c> (and ROW where the problem has one).</item>
/// <item>the accepted rows, CSV <c>UNIQUE REFERENCE,NHS_NUMBER</c> (ten digits, empty when none): every valid
/// <c>add</c> row, trimmed. Written while reading, so they are only meaningful when the summary says
/// accepted: a caller discards them otherwise.</item>
/// </list>
/// Decisions where COHORT.md is silent: field values are trimmed of surrounding white space before every check;
/// references are compared exactly (case-sensitive) after trimming, and the first occurrence of a repeated
/// reference stays valid, each later one is reported; a row whose field count differs from the header's is
/// invalid (RFC 4180) and only that is reported for it; header columns with an empty name (a spreadsheet's
/// trailing commas) are ignored; a file without data rows is rejected; the file name must start with the
/// application's reference (any case), not followed by another digit. Row lengths count UTF-16 characters.
/// </summary>
public sealed class CohortValidator(DateOnly today, int maxRows = CohortValidator.MaxRows)
{
    /// <summary>The most data rows a file may have (COHORT.md); tests pass a smaller limit.</summary>
    public const int MaxRows = 1_000_000;

    public const string Reference = "UNIQUE REFERENCE", NhsNo = "NHS_NO", FamilyName = "FAMILY_NAME", GivenName = "GIVEN_NAME",
        Gender = "GENDER", DateOfBirth = "DATE_OF_BIRTH", Postcode = "POSTCODE", Status = "STATUS";

    /// <summary>FIELD of an error-report line about the whole file.</summary>
    public const string FileField = "FILE";

    public const string ErrorReportHeader = "ROW,UNIQUE REFERENCE,FIELD,ERROR", AcceptedRowsHeader = "UNIQUE REFERENCE,NHS_NUMBER";

    private static readonly string[] ColumnNames = [Reference, NhsNo, FamilyName, GivenName, Gender, DateOfBirth, Postcode, Status];

    /// <summary>The template's columns, in the template's order.</summary>
    public static IReadOnlyList<string> Columns => ColumnNames;

    private const int MaxReference = 100, MaxName = 40, MaxPostcode = 8;

    /// <summary>The shortest valid row: a 1-character reference, a date of birth, <c>add</c>, seven commas and a line end.</summary>
    private const int MinRowBytes = 1 + 10 + 3 + 7 + 1;
    private static readonly DateOnly Earliest = new(1890, 1, 1);

    /// <summary>
    /// Validates <paramref name="csv"/> (left open). The summary says accepted when there is no file-level error and
    /// at most 2% of the data rows are invalid (exactly 2% is accepted). Throws only for the caller's problems
    /// (cancellation, the writers or the stream failing), never for the file's content.
    /// </summary>
    public async Task<CohortSummary> ValidateAsync(Stream csv, string fileName, string applicationId, bool firstSubmission,
        TextWriter errorReport, TextWriter acceptedRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(applicationId);
        ArgumentNullException.ThrowIfNull(errorReport);
        ArgumentNullException.ThrowIfNull(acceptedRows);
        errorReport.Write(ErrorReportHeader + "\r\n");
        acceptedRows.Write(AcceptedRowsHeader + "\r\n");

        // Sized once from the file's length when known (every row takes at least 22 bytes), so it need not grow.
        var expectedRows = csv.CanSeek ? (int)Math.Min(maxRows, (csv.Length - csv.Position) / MinRowBytes + 1) : 0;
        using var pass = new Pass(today, firstSubmission, errorReport, acceptedRows, expectedRows);
        var fileErrors = new List<string>();
        if (!NameMatches(fileName, applicationId))
            pass.FileError(null, $"The file name must start with the application's reference {applicationId}, e.g. {applicationId}_cohort.csv.", fileErrors);

        try
        {
            await using var reader = await CsvDataReader.CreateAsync(Csv.Text(csv, leaveOpen: true), Csv.Options, cancellationToken);
            pass.MapHeader(reader, fileErrors);
            if (fileErrors.Count > 0) return Rejected(fileName, pass, fileErrors);

            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.RowFieldCount == 1 && reader.GetFieldSpan(0).IsEmpty) continue; // a blank line
                if (pass.Rows == maxRows)
                {
                    pass.FileError(null, string.Create(CultureInfo.InvariantCulture,
                        $"The file has more than {maxRows:N0} data rows: split the cohort into files of at most {maxRows:N0} rows."), fileErrors);
                    return Rejected(fileName, pass, fileErrors);
                }
                pass.Check(reader);
            }
            pass.Flush();
        }
        catch (DecoderFallbackException)
        {
            pass.FileError(null, "The file is not UTF-8 text: it has bytes that are not valid UTF-8. Save it as \"CSV UTF-8\".", fileErrors);
            return Rejected(fileName, pass, fileErrors);
        }
        catch (CsvMissingHeadersException)
        {
            pass.FileError(null, "The file is empty: it has no header row.", fileErrors);
            return Rejected(fileName, pass, fileErrors);
        }
        catch (Exception e) when (e is CsvFormatException or CsvInvalidCharacterException or CsvRecordTooLargeException)
        {
            var row = pass.Rows + 1;
            pass.FileError(row, e is CsvRecordTooLargeException
                ? $"The file is not CSV: data row {row} is over a million characters long (check the quoting)."
                : $"The file is not CSV: data row {row} is malformed (check the quoting: a quote opened and not closed, or text after a closing quote).",
                fileErrors);
            return Rejected(fileName, pass, fileErrors);
        }

        if (pass.Rows == 0)
        {
            pass.FileError(null, "The file has no data rows: there is only the header.", fileErrors);
            return Rejected(fileName, pass, fileErrors);
        }
        var accepted = pass.Invalid * 50L <= pass.Rows; // at most 2%
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{pass.Invalid:N0} of {pass.Rows:N0} rows invalid ({100.0 * pass.Invalid / pass.Rows:0.0###}%)");
        return new CohortSummary(fileName, pass.Rows, pass.Rows - pass.Invalid, pass.Invalid, accepted,
            accepted
                ? pass.Invalid == 0 ? $"Accepted: {counts}." : $"Accepted: {counts}, within the 2% limit; the invalid rows are left out of linkage."
                : $"Rejected: {counts}, above the 2% limit. Correct the rows in the error report and upload the file again.",
            []);
    }

    private static CohortSummary Rejected(string fileName, Pass pass, List<string> fileErrors) =>
        new(fileName, pass.Rows, pass.Rows - pass.Invalid, pass.Invalid, false, "Rejected: " + string.Join(" ", fileErrors), fileErrors);

    private static bool NameMatches(string fileName, string applicationId) =>
        applicationId.Length > 0
        && fileName.StartsWith(applicationId, StringComparison.OrdinalIgnoreCase)
        && !(fileName.Length > applicationId.Length && char.IsAsciiDigit(fileName[applicationId.Length]));

    /// <summary>
    /// One validation's state. Each row is checked as it is read (<see cref="Check"/>) into a batch; a full batch is
    /// finished (<see cref="Flush"/>: the batch's references looked up among those seen all together, then each row
    /// reported or kept, in row order). Looking a batch's references up together lets their trips to memory overlap
    /// (<see cref="ReferenceSet.AddAll"/>). This, and the spans and batch buffers instead of a string per field, keep
    /// validation near the speed of parsing alone.
    /// </summary>
    private sealed class Pass(DateOnly today, bool firstSubmission, TextWriter errorReport, TextWriter acceptedRows, int expectedRows) : IDisposable
    {
        private const int Add = 1, Delete = 2;
        private static readonly SearchValues<char> CsvSpecial = SearchValues.Create(",\"\r\n");
        private readonly int _today = Key(today), _earliest = Key(Earliest);
        private readonly ReferenceSet _references = new(expectedRows);
        private readonly CsvRowWriter _report = new(errorReport), _accepted = new(acceptedRows);
        private int _fieldCount, _reference, _nhs, _family, _given, _gender, _dob, _postcode, _status;
        private readonly Batch _batch = new();

        public void Dispose() => _references.Dispose();

        /// <summary>Data rows checked so far.</summary>
        public int Rows { get; private set; }

        /// <summary>Rows found invalid among those finished: all of them after <see cref="Flush"/>.</summary>
        public int Invalid { get; private set; }

        /// <summary>Finds the template columns by name (any order, any case, surrounding spaces ignored).</summary>
        public void MapHeader(CsvDataReader reader, List<string> fileErrors)
        {
            _fieldCount = reader.FieldCount;
            var at = new int[ColumnNames.Length];
            Array.Fill(at, -1);
            var unknown = new List<string>();
            var repeated = new List<string>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i).Trim();
                if (name.Length == 0) continue;
                var column = Array.FindIndex(ColumnNames, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (column < 0) unknown.Add(name.Length <= 40 ? name : name[..40] + "…");
                else if (at[column] >= 0) repeated.Add(ColumnNames[column]);
                else at[column] = i;
            }

            if (Array.TrueForAll(at, i => i < 0))
            {
                // Nothing recognised: the first row is most likely data, so none of it is repeated back.
                FileError(null, $"The file has no header row: its first row must name the template's columns ({string.Join(", ", ColumnNames)}).", fileErrors);
                return;
            }
            var missing = ColumnNames.Where((_, c) => at[c] < 0).ToArray();
            if (missing.Length > 0)
                FileError(null, $"The header is missing these columns: {string.Join(", ", missing)} (every template column must be there, even if left empty).", fileErrors);
            if (unknown.Count > 0)
                FileError(null, $"The header has columns the template does not: {string.Join(", ", unknown)}.", fileErrors);
            if (repeated.Count > 0)
                FileError(null, $"The header names these columns more than once: {string.Join(", ", repeated.Distinct())}.", fileErrors);
            (_reference, _nhs, _family, _given, _gender, _dob, _postcode, _status) = (at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7]);
        }

        /// <summary>Reports a problem with the whole file, after every row checked before it.</summary>
        public void FileError(int? row, string error, List<string> fileErrors)
        {
            Flush();
            fileErrors.Add(error);
            Span<char> number = stackalloc char[11];
            _report.Field(row is { } r && r.TryFormat(number, out var n, default, CultureInfo.InvariantCulture) ? number[..n] : []);
            _report.Field([]);
            _report.Field(FileField);
            _report.Field(error);
            _report.EndRow();
        }

        /// <summary>Checks one data row into the batch; it is reported, or kept if a valid add, when the batch is finished.</summary>
        public void Check(CsvDataReader reader)
        {
            var b = _batch;
            if (b.Count == Batch.Size) Flush();
            var p = b.Count++;
            if (p == 0) b.FirstRow = Rows + 1;
            Rows++;
            b.ErrorStart[p] = b.Errors.Count;
            b.ErrorCount[p] = 0;
            b.Status[p] = 0;

            if (reader.RowFieldCount != _fieldCount)
            {
                WrongFieldCount(reader, p);
                return;
            }

            var reference = Trimmed(reader.GetFieldSpan(_reference));
            var digits = b.StartLine(p, reference);
            if (reference.IsEmpty) b.Error(p, Reference, "UNIQUE REFERENCE is required.");
            else if (reference.Length > MaxReference) b.Error(p, Reference, "UNIQUE REFERENCE is longer than 100 characters.");

            var nhs = Trimmed(reader.GetFieldSpan(_nhs));
            if (nhs.IsEmpty) b.EndLine(p, 0);
            else
            {
                b.EndLine(p, 10);
                if (NhsNumber.Check(nhs, digits) is var check and not NhsNumberCheck.Valid) b.Error(p, NhsNo, NhsNumberError(check, nhs));
            }

            if (TooLong(reader.GetFieldSpan(_family), MaxName)) b.Error(p, FamilyName, "FAMILY_NAME is longer than 40 characters.");
            if (TooLong(reader.GetFieldSpan(_given), MaxName)) b.Error(p, GivenName, "GIVEN_NAME is longer than 40 characters.");

            var gender = Trimmed(reader.GetFieldSpan(_gender));
            if (!gender.IsEmpty && !(gender.Length == 1 && gender[0] is '0' or '1' or '2' or '9'))
                b.Error(p, Gender, "GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).");

            if (CheckDateOfBirth(Trimmed(reader.GetFieldSpan(_dob))) is { } dateError) b.Error(p, DateOfBirth, dateError);

            var postcode = Trimmed(reader.GetFieldSpan(_postcode));
            if (!postcode.IsEmpty)
            {
                if (postcode.Length > MaxPostcode) b.Error(p, Postcode, "POSTCODE is longer than 8 characters.");
                else if (!IsUkPostcode(postcode)) b.Error(p, Postcode, "POSTCODE is not a UK postcode (e.g. LS1 4AP).");
            }

            var status = StatusOf(reader.GetFieldSpan(_status));
            if (status == 0) b.Error(p, Status, "STATUS must be add or delete.");
            else if (status == Delete && firstSubmission) b.Error(p, Status, "STATUS must be add in a first submission: there is nothing to delete yet.");

            // Only a reference that could be valid takes part in the uniqueness rules.
            if (status != 0 && reference.Length is > 0 and <= MaxReference)
            {
                b.Status[p] = status;
                b.Hash[p] = ReferenceSet.Hash(reference);
            }
        }

        // The rare paths are methods of their own, so that their message formatting stays out of the per-row check.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void WrongFieldCount(CsvDataReader reader, int p)
        {
            _batch.Error(p, "", string.Create(CultureInfo.InvariantCulture,
                $"The row has {reader.RowFieldCount} fields where the header has {_fieldCount}: check for a missing or extra comma."));
            // A comma missing or extra before the reference's column moves another field (a name, a postcode) into its
            // place, so the report names the row by its reference only when that is the first column, which nothing moves.
            _batch.StartLine(p, _reference == 0 ? Trimmed(reader.GetFieldSpan(0)) : []);
            _batch.EndLine(p, 0);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string NhsNumberError(NhsNumberCheck check, ReadOnlySpan<char> nhs) => check switch
        {
            NhsNumberCheck.WrongCheckDigit => $"NHS_NO fails the check digit ({NhsNumber.Mask(nhs)}).",
            NhsNumberCheck.CheckDigitIsTen => $"NHS_NO is not a valid NHS number: its check digit calculation gives 10 ({NhsNumber.Mask(nhs)}).",
            _ => $"NHS_NO must be 10 digits, spaced only between the 3-3-4 groups ({NhsNumber.Mask(nhs)}).",
        };

        /// <summary>Finishes the batch's rows in order: repeated references found, then each row reported or kept.</summary>
        public void Flush()
        {
            var b = _batch;
            _references.AddAll(b.Hash.AsSpan(0, b.Count), b.Status.AsSpan(0, b.Count), b.Before);
            var run = 0; // where the accepted lines not yet written begin
            for (var p = 0; p < b.Count; p++)
            {
                var status = b.Status[p];
                var repeated = b.Before[p] is var before and not 0
                    ? (before | status) == (Add | Delete)
                        ? "This UNIQUE REFERENCE is both added and deleted in the file."
                        : "This UNIQUE REFERENCE appears more than once in the file."
                    : null;
                var invalid = b.ErrorCount[p] > 0 || repeated is not null;
                if (!invalid && status == Add && !b.NeedsQuotes[p]) continue; // its line joins the run

                var start = b.LineStart[p];
                if (start > run) acceptedRows.Write(b.Lines.AsSpan(run, start - run));
                run = p + 1 < b.Count ? b.LineStart[p + 1] : b.LineEnd;
                var reference = b.Lines.AsSpan(start, b.ReferenceLength[p]);
                if (invalid) Report(b, p, reference, repeated);
                else if (status == Add)
                {
                    _accepted.Field(reference);
                    _accepted.Field(b.Lines.AsSpan(start + reference.Length + 1, run - start - reference.Length - 3));
                    _accepted.EndRow();
                }
            }
            if (b.LineEnd > run) acceptedRows.Write(b.Lines.AsSpan(run, b.LineEnd - run));
            b.Count = 0;
            b.LineEnd = 0;
            b.Errors.Clear();
        }

        /// <summary>Writes the row's problems to the error report, the repeated-reference one (if any) last.</summary>
        private void Report(Batch b, int p, ReadOnlySpan<char> reference, string? repeated)
        {
            Invalid++;
            Span<char> digits = stackalloc char[10];
            if (NhsNumber.Check(reference, digits) == NhsNumberCheck.Valid) reference = NhsNumber.Mask(reference);
            Span<char> number = stackalloc char[11];
            (b.FirstRow + p).TryFormat(number, out var length, default, CultureInfo.InvariantCulture);
            for (var i = 0; i <= b.ErrorCount[p]; i++)
            {
                var (field, error) = i < b.ErrorCount[p] ? b.Errors[b.ErrorStart[p] + i] : (Reference, repeated);
                if (error is null) break;
                _report.Field(number[..length]);
                _report.Field(reference);
                _report.Field(field);
                _report.Field(error);
                _report.EndRow();
            }
        }

        /// <summary><c>add</c> or <c>delete</c> in any case, spaces around allowed; 0 for anything else.</summary>
        private static int StatusOf(ReadOnlySpan<char> text)
        {
            text = Trimmed(text);
            if (text.Length == 3 && (text[0] | 0x20) == 'a' && (text[1] | 0x20) == 'd' && (text[2] | 0x20) == 'd') return Add;
            return text.Equals("delete", StringComparison.OrdinalIgnoreCase) ? Delete : 0;
        }

        /// <summary>The field without surrounding white space; quick when it starts and ends with a visible ASCII character.</summary>
        private static ReadOnlySpan<char> Trimmed(ReadOnlySpan<char> field) =>
            field.IsEmpty || (uint)(field[0] - '!') <= '~' - '!' && (uint)(field[^1] - '!') <= '~' - '!' ? field : field.Trim();

        /// <summary>Longer than <paramref name="max"/> once trimmed (trimming only when it could matter).</summary>
        private static bool TooLong(ReadOnlySpan<char> text, int max) => text.Length > max && text.Trim().Length > max;

        /// <summary>
        /// Rows checked but not finished. Each has its accepted-rows line ready in <see cref="Lines"/> (reference,
        /// comma, NHS number, CRLF; only the reference's first 100 characters, all a valid one has), so a run of
        /// accepted rows is written in one piece; the reference at the line's start serves the error report.
        /// </summary>
        private sealed class Batch
        {
            public const int Size = 1024, MaxLine = MaxReference + 1 + 10 + 2;
            public int Count, LineEnd, FirstRow;
            public readonly char[] Lines = new char[Size * MaxLine];
            public readonly int[] LineStart = new int[Size], ReferenceLength = new int[Size], Status = new int[Size], Before = new int[Size];
            public readonly int[] ErrorStart = new int[Size], ErrorCount = new int[Size];
            public readonly bool[] NeedsQuotes = new bool[Size];
            public readonly ulong[] Hash = new ulong[Size];

            /// <summary>The problems found while checking, row after row (those of row p from ErrorStart[p]).</summary>
            public readonly List<(string Field, string Error)> Errors = [];

            public void Error(int p, string field, string error)
            {
                Errors.Add((field, error));
                ErrorCount[p]++;
            }

            /// <summary>Starts row <paramref name="p"/>'s line with its reference and a comma; returns where its NHS number's digits go.</summary>
            public Span<char> StartLine(int p, ReadOnlySpan<char> reference)
            {
                if (reference.Length > MaxReference) reference = reference[..MaxReference];
                var start = LineStart[p] = LineEnd;
                reference.CopyTo(Lines.AsSpan(start));
                ReferenceLength[p] = reference.Length;
                NeedsQuotes[p] = reference.ContainsAny(CsvSpecial);
                Lines[start + reference.Length] = ',';
                return Lines.AsSpan(start + reference.Length + 1, 10);
            }

            /// <summary>Ends row <paramref name="p"/>'s line after <paramref name="digits"/> (10 or 0) digits of NHS number.</summary>
            public void EndLine(int p, int digits)
            {
                var end = LineStart[p] + ReferenceLength[p] + 1 + digits;
                Lines[end] = '\r';
                Lines[end + 1] = '\n';
                LineEnd = end + 2;
            }
        }

        /// <summary>YYYY-MM-DD or YYYY/MM/DD (one separator throughout), a real date, from 1890-01-01 to today; null when so.</summary>
        private string? CheckDateOfBirth(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty) return "DATE_OF_BIRTH is required.";
            if (text.Length != 10) return BadDateFormat;
            // Every row has one, so its eight digits are checked together: one bit each from its first eight
            // characters (YYYY-MM-) as one vector and its last eight (YY-MM-DD) as another.
            var chars = MemoryMarshal.Cast<char, ushort>(text);
            var digits = IsDigit(Vector128.Create(chars)) & 0b0110_1111 | (IsDigit(Vector128.Create(chars[2..])) & 0b1100_0000) << 2;
            if (digits != 0b11_0110_1111 || text[4] is not ('-' or '/') || text[7] != text[4]) return BadDateFormat;
            int year = text[0] * 1000 + text[1] * 100 + text[2] * 10 + text[3] - '0' * 1111,
                month = text[5] * 10 + text[6] - '0' * 11,
                day = text[8] * 10 + text[9] - '0' * 11;
            // Without a branch on the month, which no predictor can guess: February is taken as 29 days, and only
            // its 29th asks whether the year is a leap year.
            if (year < 1 | (uint)(month - 1) > 11 | day < 1
                || day > LastDay[month] || (day == 29 & month == 2) && !DateTime.IsLeapYear(year))
                return "DATE_OF_BIRTH is not a real date.";
            var key = year * 10_000 + month * 100 + day;
            return key > _today ? "DATE_OF_BIRTH is in the future." : key < _earliest ? "DATE_OF_BIRTH is before 1890-01-01." : null;
        }

        private const string BadDateFormat = "DATE_OF_BIRTH must be written YYYY-MM-DD (or YYYY/MM/DD).";

        /// <summary>One bit per character, set where it is an ASCII digit.</summary>
        private static uint IsDigit(Vector128<ushort> chars) =>
            Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9)).ExtractMostSignificantBits();

        /// <summary>The last day of each month (index 1 to 12), February's in a leap year.</summary>
        private static ReadOnlySpan<byte> LastDay => [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

        private static int Key(DateOnly date) => date.Year * 10_000 + date.Month * 100 + date.Day;
    }

    /// <summary>
    /// A UK postcode's shape, any case: outward code A9, A99, A9A, AA9, AA99 or AA9A, at most one space, inward code
    /// 9AA; and GIR 0AA. The shape only: whether the postcode exists is not checked.
    /// </summary>
    public static bool IsUkPostcode(ReadOnlySpan<char> postcode)
    {
        var length = postcode.Length;
        if (length is < 5 or > MaxPostcode) return false;
        // Every cohort row may have a postcode, so its characters are classed all at once rather than one by one:
        // its first four and its last four (overlapping when shorter than 8) as one vector, giving one bit per
        // character of which are ASCII letters and which digits (bits 0-3 the first four, 4-7 the last four).
        var bytes = MemoryMarshal.AsBytes(postcode);
        var chars = Vector128.Create(MemoryMarshal.Read<ulong>(bytes), MemoryMarshal.Read<ulong>(bytes[^8..])).AsUInt16();
        var letters = Vector128.LessThanOrEqual((chars | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)25))
            .ExtractMostSignificantBits();
        var digits = Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9)).ExtractMostSignificantBits();
        if ((digits >> 5) != 0b001 || (letters >> 5) != 0b110) return false; // inward code 9AA, the last three

        // The outward code: the characters before those, less one space at its end; at most five, so bits 0-4.
        var outward = length - 3;
        if (postcode[outward - 1] == ' ') outward--;
        var all = (1u << outward) - 1;
        if (((letters | digits) & all) != all) return false; // a character neither letter nor digit
        // Its length and letters as one number, e.g. 0b1_101 for A9A: then whether that is an allowed shape.
        var shape = 1 << outward | (int)(letters & all);
        if (shape == 0b1_111)
            return postcode[..3].Equals("GIR", StringComparison.OrdinalIgnoreCase) && postcode[^3..].Equals("0AA", StringComparison.OrdinalIgnoreCase);
        return (OutwardShapes >> shape & 1) != 0;
    }

    /// <summary>
    /// The outward codes' shapes as bits: A9 (0b1_01), A99 (0b1_001), A9A (0b1_101), AA9 (0b1_011), AA99 (0b1_0011)
    /// and AA9A (0b1_1011), each its length as a leading 1 and then a bit per letter, the first character lowest.
    /// </summary>
    private const ulong OutwardShapes = 1UL << 0b1_01 | 1UL << 0b1_001 | 1UL << 0b1_101 | 1UL << 0b1_011 | 1UL << 0b1_0011 | 1UL << 0b1_1011;
}
