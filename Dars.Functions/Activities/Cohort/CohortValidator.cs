using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Dars.Activities.Data;
using Sylvan.Data.Csv;

namespace Dars.Activities.Cohort;

/// <summary>
/// Checks a cohort file against every rule of COHORT.md in one streaming pass: memory stays flat
/// whatever the file's size, except for 8 bytes or so per row to find repeated references (a 64-bit
/// hash of each, never the text). Writes the error report (never echoing an NHS number, a name, a date
/// of birth or a postcode) and, for valid <c>add</c> rows, the accepted rows production reads.
/// </summary>
public sealed partial class CohortValidator(DateOnly today, int maxRows = CohortValidator.MaxRows)
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

            var seen = new Dictionary<ulong, byte>();
            var errors = new List<(string Field, string Error)>(4);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (Csv.IsBlank(reader)) continue;
                if (++rows > maxRows)
                {
                    fileErrors.Add($"The file has more than {maxRows:N0} data rows; split the cohort into several files.");
                    return Rejected(fileName, rows - 1, invalid, fileErrors, report);
                }
                errors.Clear();
                var reference = CheckRow(reader, columns, firstSubmission, seen, errors, out var nhs, out var add);
                if (errors.Count > 0)
                {
                    invalid++;
                    foreach (var (field, error) in errors) report.Row([rows.ToString(CultureInfo.InvariantCulture), reference, field, error]);
                }
                else if (add)
                {
                    accepted.Field(reference);
                    accepted.Field(nhs is { } n ? n.ToString("D10", CultureInfo.InvariantCulture) : "");
                    accepted.EndRow();
                }
            }
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

    private string CheckRow(CsvDataReader reader, int[] columns, bool firstSubmission, Dictionary<ulong, byte> seen,
        List<(string, string)> errors, out long? nhs, out bool add)
    {
        ReadOnlySpan<char> Field(int column) => columns[column] < reader.RowFieldCount ? reader.GetFieldSpan(columns[column]).Trim() : [];

        nhs = null;
        var reference = Field(0);
        if (reference.IsEmpty) errors.Add((Reference, "UNIQUE REFERENCE is required."));
        else if (reference.Length > 100) errors.Add((Reference, "UNIQUE REFERENCE is longer than 100 characters."));

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
        if (Field(6) is { Length: > 0 } postcode && (postcode.Length > 8 || !PostcodePattern().IsMatch(postcode)))
            errors.Add((Postcode, "POSTCODE is not a UK postcode of at most 8 characters."));

        var status = Field(7);
        byte kind = status.Equals("add", StringComparison.OrdinalIgnoreCase) ? Add : status.Equals("delete", StringComparison.OrdinalIgnoreCase) ? Delete : (byte)0;
        if (kind == 0) errors.Add((Status, "STATUS must be add or delete."));
        else if (kind == Delete && firstSubmission) errors.Add((Status, "STATUS must be add in a first submission: there is nothing to delete yet."));

        if (!reference.IsEmpty && kind != 0)
        {
            ref var flags = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, XxHash64.HashToUInt64(MemoryMarshal.AsBytes(reference)), out var exists);
            if (exists)
                errors.Add((Reference, (flags | kind) == (Add | Delete)
                    ? "This UNIQUE REFERENCE is both added and deleted in the file."
                    : "This UNIQUE REFERENCE appears more than once in the file."));
            flags |= kind;
        }
        add = kind == Add;
        return reference.ToString();
    }

    private void CheckDateOfBirth(ReadOnlySpan<char> text, List<(string, string)> errors)
    {
        if (text.IsEmpty) { errors.Add((DateOfBirth, "DATE_OF_BIRTH is required.")); return; }
        if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            errors.Add((DateOfBirth, "DATE_OF_BIRTH must be a real date written YYYY-MM-DD (or YYYY/MM/DD)."));
        else if (date > today) errors.Add((DateOfBirth, "DATE_OF_BIRTH is in the future."));
        else if (date < Earliest) errors.Add((DateOfBirth, "DATE_OF_BIRTH is before 1890-01-01."));
    }

    [GeneratedRegex(@"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostcodePattern();
}
