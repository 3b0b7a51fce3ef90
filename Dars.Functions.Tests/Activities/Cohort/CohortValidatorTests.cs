using System.Text;
using Dars.Activities.Cohort;
using Dars.Runtime.Storage;

namespace Dars.Tests.Activities.CohortValidation;

/// <summary>Every rule of COHORT.md, on files made in memory.</summary>
public sealed class CohortValidatorTests
{
    private const string App = "NIC-123456";
    private const string Name = "NIC-123456_October-upload.csv";
    private const string Header = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS";
    private const string ReportHeader = "ROW,UNIQUE REFERENCE,FIELD,ERROR\r\n";
    private const string AcceptedHeader = "UNIQUE REFERENCE,NHS_NUMBER\r\n";
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static string Row(string reference, string nhs = "9434765919", string family = "Smith", string given = "Jo", string gender = "2",
        string dob = "1970-01-31", string postcode = "LS1 4AP", string status = "add") =>
        $"{reference},{nhs},{family},{given},{gender},{dob},{postcode},{status}";

    private static string File(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    private static string[] ValidRows(int count) => [.. Enumerable.Range(1, count).Select(i => Row($"OK{i}"))];

    private static Task<Result> Validate(string content, string fileName = Name, bool first = true, int maxRows = CohortValidator.MaxRows) =>
        Validate(Encoding.UTF8.GetBytes(content), fileName, first, maxRows);

    private static async Task<Result> Validate(byte[] content, string fileName = Name, bool first = true, int maxRows = CohortValidator.MaxRows)
    {
        var errors = new StringWriter();
        var accepted = new StringWriter();
        var summary = await new CohortValidator(Today, maxRows).ValidateAsync(new MemoryStream(content), fileName, App, first, errors, accepted, default);
        return new Result(summary, errors.ToString(), accepted.ToString());
    }

    private sealed record Result(CohortSummary Summary, string Errors, string Accepted)
    {
        public string[] ErrorLines => Errors.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..];
    }

    [Fact]
    public async Task A_valid_file_is_accepted_and_its_add_rows_are_kept_for_linkage_with_normalised_NHS_numbers()
    {
        var result = await Validate(File(Row("P1"), Row("P2", nhs: "943 476 5870"), Row("P3", nhs: ""), Row("P4", nhs: " 9434765919 ")));

        Assert.Equal(new CohortSummary(Name, 4, 4, 0, true, "Accepted: 0 of 4 rows invalid (0.0%).", []), result.Summary with { FileErrors = [] });
        Assert.Empty(result.Summary.FileErrors);
        Assert.Equal(ReportHeader, result.Errors);
        Assert.Equal(AcceptedHeader + "P1,9434765919\r\nP2,9434765870\r\nP3,\r\nP4,9434765919\r\n", result.Accepted);
    }

    public static TheoryData<string, string> InvalidRows => new()
    {
        { Row(""), ",UNIQUE REFERENCE,UNIQUE REFERENCE is required." },
        { Row("  "), ",UNIQUE REFERENCE,UNIQUE REFERENCE is required." },
        { Row(new string('r', 101)), $"{new string('r', 100)},UNIQUE REFERENCE,UNIQUE REFERENCE is longer than 100 characters." },
        { Row("P9", nhs: "9434765918"), "P9,NHS_NO,NHS_NO fails the check digit (*******918)." },
        { Row("P9", nhs: "0000000060"), "P9,NHS_NO,NHS_NO is not a valid NHS number: its check digit calculation gives 10 (*******060)." },
        { Row("P9", nhs: "943476591"), "P9,NHS_NO,\"NHS_NO must be 10 digits, spaced only between the 3-3-4 groups (*******591).\"" },
        { Row("P9", nhs: "94347A5919"), "P9,NHS_NO,\"NHS_NO must be 10 digits, spaced only between the 3-3-4 groups (*******919).\"" },
        { Row("P9", family: new string('f', 41)), "P9,FAMILY_NAME,FAMILY_NAME is longer than 40 characters." },
        { Row("P9", given: new string('g', 41)), "P9,GIVEN_NAME,GIVEN_NAME is longer than 40 characters." },
        { Row("P9", gender: "3"), "P9,GENDER,\"GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).\"" },
        { Row("P9", gender: "M"), "P9,GENDER,\"GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).\"" },
        { Row("P9", dob: ""), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH is required." },
        { Row("P9", dob: "31/01/1970"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH must be written YYYY-MM-DD (or YYYY/MM/DD)." },
        { Row("P9", dob: "1970-01/31"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH must be written YYYY-MM-DD (or YYYY/MM/DD)." },
        { Row("P9", dob: "1970-1-31"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH must be written YYYY-MM-DD (or YYYY/MM/DD)." },
        { Row("P9", dob: "1970-02-30"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH is not a real date." },
        { Row("P9", dob: "1970-13-01"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH is not a real date." },
        { Row("P9", dob: "1900-02-29"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH is not a real date." },
        { Row("P9", dob: "2026-11-24"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH is in the future." },
        { Row("P9", dob: "1889-12-31"), "P9,DATE_OF_BIRTH,DATE_OF_BIRTH is before 1890-01-01." },
        { Row("P9", postcode: "NOT A PC"), "P9,POSTCODE,POSTCODE is not a UK postcode (e.g. LS1 4AP)." },
        { Row("P9", postcode: "SW1A 1AAX"), "P9,POSTCODE,POSTCODE is longer than 8 characters." },
        { Row("P9", status: "update"), "P9,STATUS,STATUS must be add or delete." },
        { Row("P9", status: ""), "P9,STATUS,STATUS must be add or delete." },
        { Row("P9", status: "delete"), "P9,STATUS,STATUS must be add in a first submission: there is nothing to delete yet." },
    };

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public async Task Each_row_rule_is_reported_on_its_row_and_field_without_echoing_the_value(string row, string line)
    {
        var result = await Validate(File([.. ValidRows(60), row]));

        Assert.Equal((61, 60, 1, true), (result.Summary.TotalRows, result.Summary.ValidRows, result.Summary.InvalidRows, result.Summary.Accepted));
        Assert.Equal(ReportHeader + "61," + line + "\r\n", result.Errors);
        Assert.Equal(61, result.Accepted.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // the header and the 60 valid rows
        Assert.DoesNotContain("\r\nP9,", result.Accepted);
    }

    public static TheoryData<string> ValidValues => new()
    {
        Row("P1", nhs: ""), Row("P1", family: "", given: "", gender: "", postcode: ""), Row("P1", family: new string('f', 40), given: new string('g', 40)),
        Row("P1", gender: "0"), Row("P1", gender: "1"), Row("P1", gender: "9"), Row("P1", dob: "1890-01-01"), Row("P1", dob: "2026-11-23"),
        Row("P1", dob: "2000-02-29"), Row("P1", dob: "1970/01/31"), Row("P1", status: "ADD"), Row("P1", status: " Add "),
        Row("P1", postcode: "M1 1AE"), Row("P1", postcode: "m11ae"), Row("P1", postcode: "B33 8TH"), Row("P1", postcode: "CR2 6XH"),
        Row("P1", postcode: "DN55 1PT"), Row("P1", postcode: "W1A 0AX"), Row("P1", postcode: "EC1A 1BB"), Row("P1", postcode: "GIR 0AA"),
        Row(new string('r', 100)), Row("\"Smith, P\"", family: "\"O'Brien, Jr\""),
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public async Task Values_within_the_rules_are_valid(string row)
    {
        var result = await Validate(File(row));

        Assert.Equal(ReportHeader, result.Errors);
        Assert.Equal((1, 1, 0, true), (result.Summary.TotalRows, result.Summary.ValidRows, result.Summary.InvalidRows, result.Summary.Accepted));
    }

    [Fact]
    public async Task A_row_breaking_several_rules_has_a_line_for_each()
    {
        var result = await Validate(File([.. ValidRows(99), Row("P9", nhs: "9434765918", gender: "7", dob: "2030-01-01", status: "remove")]));

        Assert.Equal(
            [
                "100,P9,NHS_NO,NHS_NO fails the check digit (*******918).",
                "100,P9,GENDER,\"GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).\"",
                "100,P9,DATE_OF_BIRTH,DATE_OF_BIRTH is in the future.",
                "100,P9,STATUS,STATUS must be add or delete.",
            ],
            result.ErrorLines);
        Assert.Equal(1, result.Summary.InvalidRows);
    }

    [Fact]
    public async Task A_repeated_reference_is_reported_on_each_later_row_and_the_first_stays_valid()
    {
        var result = await Validate(File([.. ValidRows(100), Row("OK1"), Row("OK7", nhs: "9434765870"), Row(" OK1 ")]));

        Assert.Equal(
            [
                "101,OK1,UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file.",
                "102,OK7,UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file.",
                "103,OK1,UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file.",
            ],
            result.ErrorLines);
        Assert.Equal((103, 100, 3, false), (result.Summary.TotalRows, result.Summary.ValidRows, result.Summary.InvalidRows, result.Summary.Accepted));
    }

    [Fact]
    public async Task References_differing_only_in_case_are_different_references()
    {
        var result = await Validate(File(Row("p1"), Row("P1")));

        Assert.Equal(ReportHeader, result.Errors);
    }

    [Fact]
    public async Task After_a_first_submission_delete_rows_are_valid_but_one_reference_may_not_be_both_added_and_deleted()
    {
        var result = await Validate(File([.. ValidRows(100), Row("D1", status: "delete"), Row("OK5", status: "DELETE"), Row("D1", status: "Delete")]), first: false);

        Assert.Equal(
            [
                "102,OK5,UNIQUE REFERENCE,This UNIQUE REFERENCE is both added and deleted in the file.",
                "103,D1,UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file.",
            ],
            result.ErrorLines);
        Assert.DoesNotContain("D1,", result.Accepted); // delete rows are not linked
        Assert.Equal((103, 101, 2), (result.Summary.TotalRows, result.Summary.ValidRows, result.Summary.InvalidRows));
    }

    [Fact]
    public async Task A_row_with_more_or_fewer_fields_than_the_header_is_invalid_for_that_alone()
    {
        var result = await Validate(File([.. ValidRows(100), Row("P9") + ",extra", "P10,9434765919,Smith"]));

        Assert.Equal(
            [
                "101,P9,,The row has 9 fields where the header has 8: check for a missing or extra comma.",
                "102,P10,,The row has 3 fields where the header has 8: check for a missing or extra comma.",
            ],
            result.ErrorLines);
    }

    [Fact]
    public async Task A_row_with_a_wrong_field_count_is_reported_without_its_reference_unless_that_is_the_first_column()
    {
        const string reordered = "NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,UNIQUE REFERENCE,STATUS";
        var rows = Enumerable.Range(1, 100).Select(i => $"9434765919,Smith,Jo,2,1980-01-01,LS1 4AP,OK{i},add");
        // An unquoted comma in the family name moves the postcode into the reference's place.
        var text = string.Join("\n", [reordered, .. rows, "9434765919,Smith, Jo,Jo,2,1980-01-01,LS1 4AP,R101,add"]) + "\n";

        var result = await Validate(text);

        Assert.Equal(["101,,,The row has 9 fields where the header has 8: check for a missing or extra comma."], result.ErrorLines);
        Assert.DoesNotContain("LS1 4AP", string.Join("\n", result.ErrorLines));
    }

    [Fact]
    public async Task A_reference_that_is_a_valid_NHS_number_is_masked_in_the_report()
    {
        var result = await Validate(File([.. ValidRows(100), Row("9434765870", gender: "5")]));

        Assert.Equal(["101,*******870,GENDER,\"GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).\""], result.ErrorLines);
    }

    [Fact]
    public async Task A_reference_needing_quotes_is_quoted_in_the_accepted_rows_and_the_report()
    {
        var result = await Validate(File([.. ValidRows(100), Row("\"A,1\""), Row("\"B\"\"2\"", gender: "x")]));

        Assert.EndsWith("OK100,9434765919\r\n\"A,1\",9434765919\r\n", result.Accepted);
        Assert.Equal(["102,\"B\"\"2\",GENDER,\"GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).\""], result.ErrorLines);
    }

    [Fact]
    public async Task Row_numbers_count_data_rows_from_one_and_skip_blank_lines()
    {
        var result = await Validate($"{Header}\n\n{Row("P1")}\n\n{Row("P2", gender: "x")}\n\n");

        Assert.Equal(2, result.Summary.TotalRows);
        Assert.StartsWith("2,P2,GENDER,", result.ErrorLines.Single());
    }

    [Fact]
    public async Task The_error_report_is_exactly_as_specified()
    {
        var content = File(Row("A1"), Row("A2", nhs: "943 476 5918"), Row("A3", postcode: "12345"), Row("A1"), Row("A5"), Row("A6"),
            Row("A7"), Row("A8"), Row("A9"), Row("A10"));

        var result = await Validate(content);

        Assert.Equal(
            ReportHeader
            + "2,A2,NHS_NO,NHS_NO fails the check digit (*******918).\r\n"
            + "3,A3,POSTCODE,POSTCODE is not a UK postcode (e.g. LS1 4AP).\r\n"
            + "4,A1,UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file.\r\n",
            result.Errors);
        Assert.Equal(new CohortSummary(Name, 10, 7, 3, false,
            "Rejected: 3 of 10 rows invalid (30.0%), above the 2% limit. Correct the rows in the error report and upload the file again.", []),
            result.Summary with { FileErrors = [] });
    }

    [Theory]
    [InlineData(100, 2, true, "Accepted: 2 of 100 rows invalid (2.0%), within the 2% limit; the invalid rows are left out of linkage.")]
    [InlineData(100, 3, false, "Rejected: 3 of 100 rows invalid (3.0%), above the 2% limit. Correct the rows in the error report and upload the file again.")]
    [InlineData(1000, 20, true, "Accepted: 20 of 1,000 rows invalid (2.0%), within the 2% limit; the invalid rows are left out of linkage.")]
    [InlineData(1000, 21, false, "Rejected: 21 of 1,000 rows invalid (2.1%), above the 2% limit. Correct the rows in the error report and upload the file again.")]
    [InlineData(10001, 201, false, "Rejected: 201 of 10,001 rows invalid (2.0098%), above the 2% limit. Correct the rows in the error report and upload the file again.")]
    public async Task Up_to_two_percent_invalid_rows_are_accepted_and_more_rejects_the_file(int rows, int invalid, bool accepted, string reason)
    {
        var lines = Enumerable.Range(1, rows).Select(i => i <= invalid ? Row($"R{i}", gender: "7") : Row($"R{i}")).ToArray();

        var result = await Validate(File(lines));

        Assert.Equal(new CohortSummary(Name, rows, rows - invalid, invalid, accepted, reason, []), result.Summary with { FileErrors = [] });
        Assert.Equal(invalid, result.ErrorLines.Length);
        Assert.Equal(rows - invalid + 1, result.Accepted.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_header_in_any_order_and_case_with_spaces_around_names_is_read()
    {
        var content = " status , date_of_birth,Unique Reference,nhs_no,Family_Name,GIVEN_NAME,gender ,POSTCODE\nADD,1970/01/31,P1,9434765919,,,,\n";

        var result = await Validate(content);

        Assert.True(result.Summary.Accepted);
        Assert.Equal(AcceptedHeader + "P1,9434765919\r\n", result.Accepted);
    }

    [Fact]
    public async Task A_BOM_is_allowed_and_CRLF_and_LF_line_ends_give_the_same_result()
    {
        var lf = File(Row("P1"), Row("P2", gender: "x"), Row("P3", family: "\"Multi\nline\""));
        var crlf = lf.Replace("\n", "\r\n");

        var plain = await Validate(lf);
        var withBom = await Validate([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(crlf)]);

        Assert.Equal(plain.Summary with { FileErrors = [] }, withBom.Summary with { FileErrors = [] });
        Assert.Equal((3, 2, 1), (plain.Summary.TotalRows, plain.Summary.ValidRows, plain.Summary.InvalidRows));
        Assert.Equal(plain.Errors, withBom.Errors);
        Assert.Equal(plain.Accepted, withBom.Accepted);
    }

    [Fact]
    public async Task Non_ASCII_UTF8_text_is_read()
    {
        var result = await Validate(File(Row("Ω-1", family: "Ó Súilleabháin", given: "Zoë")));

        Assert.True(result.Summary.Accepted);
        Assert.Equal(AcceptedHeader + "Ω-1,9434765919\r\n", result.Accepted);
    }

    public static TheoryData<string, string, string> FileErrors => new()
    {
        { File(Row("P1")), "october.csv", "The file name must start with the application's reference NIC-123456, e.g. NIC-123456_cohort.csv." },
        { File(Row("P1")), "NIC-1234567_cohort.csv", "The file name must start with the application's reference NIC-123456, e.g. NIC-123456_cohort.csv." },
        { Header.Replace(",POSTCODE", "") + "\nP1,,,,,1970-01-01,add\n", Name,
            "The header is missing these columns: POSTCODE (every template column must be there, even if left empty)." },
        { Header.Replace("NHS_NO,", "").Replace(",STATUS", "") + "\nP1,,,,1970-01-01,\n", Name,
            "The header is missing these columns: NHS_NO, STATUS (every template column must be there, even if left empty)." },
        { Header + ",SHOE_SIZE\n" + Row("P1") + ",9\n", Name, "The header has columns the template does not: SHOE_SIZE." },
        { Header + ",nhs_no\n" + Row("P1") + ",9434765919\n", Name, "The header names these columns more than once: NHS_NO." },
        { Header + "\n\"P1,9434765919,x,y,1,1970-01-01,LS1 4AP,add\n", Name,
            "The file is not CSV: data row 1 is malformed (check the quoting: a quote opened and not closed, or text after a closing quote)." },
        { "", Name, "The file is empty: it has no header row." },
        { Header + "\n", Name, "The file has no data rows: there is only the header." },
        { Header + "\n\n\n", Name, "The file has no data rows: there is only the header." },
    };

    [Theory]
    [MemberData(nameof(FileErrors))]
    public async Task File_level_errors_reject_the_file_outright(string content, string fileName, string error)
    {
        var result = await Validate(content, fileName);

        Assert.False(result.Summary.Accepted);
        Assert.Equal([error], result.Summary.FileErrors);
        Assert.Equal("Rejected: " + error, result.Summary.Reason);
        Assert.EndsWith(",,FILE," + (error.Contains(',') ? $"\"{error}\"" : error), result.ErrorLines.Single());
    }

    [Fact]
    public async Task A_file_level_error_is_a_FILE_line_of_the_report_after_the_rows_before_it()
    {
        var result = await Validate(File(Row("P1", gender: "x"), Row("P2"), Row("P3")), maxRows: 2);

        Assert.Equal(
            [
                "1,P1,GENDER,\"GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified).\"",
                ",,FILE,The file has more than 2 data rows: split the cohort into files of at most 2 rows.",
            ],
            result.ErrorLines);
        Assert.Equal(new CohortSummary(Name, 2, 1, 1, false,
            "Rejected: The file has more than 2 data rows: split the cohort into files of at most 2 rows.", []),
            result.Summary with { FileErrors = [] });
        Assert.Equal(["The file has more than 2 data rows: split the cohort into files of at most 2 rows."], result.Summary.FileErrors);
    }

    [Fact]
    public async Task The_row_limit_is_a_million_and_that_many_rows_are_allowed()
    {
        Assert.Equal(1_000_000, CohortValidator.MaxRows);

        var exactly = await Validate(File(Row("P1"), Row("P2")), maxRows: 2);
        Assert.True(exactly.Summary.Accepted);
    }

    [Fact]
    public async Task Several_file_level_errors_are_all_reported()
    {
        var result = await Validate(Header.Replace("GENDER", "SEX") + "\n" + Row("P1") + "\n", "upload.csv");

        Assert.Equal(
            [
                "The file name must start with the application's reference NIC-123456, e.g. NIC-123456_cohort.csv.",
                "The header is missing these columns: GENDER (every template column must be there, even if left empty).",
                "The header has columns the template does not: SEX.",
            ],
            result.Summary.FileErrors);
        Assert.Equal(3, result.ErrorLines.Length);
        Assert.Equal((0, 0, 0), (result.Summary.TotalRows, result.Summary.ValidRows, result.Summary.InvalidRows));
    }

    [Fact]
    public async Task A_file_without_a_header_is_rejected_without_repeating_its_first_row()
    {
        var result = await Validate("P1,9434765919,Smith,Jo,2,1970-01-31,LS1 4AP,add\n" + Row("P2") + "\n");

        Assert.Equal(
            ["The file has no header row: its first row must name the template's columns (UNIQUE REFERENCE, NHS_NO, FAMILY_NAME, GIVEN_NAME, GENDER, DATE_OF_BIRTH, POSTCODE, STATUS)."],
            result.Summary.FileErrors);
        Assert.DoesNotContain("9434765919", result.Errors + DarsJson.Serialize(result.Summary));
        Assert.DoesNotContain("Smith", result.Errors + DarsJson.Serialize(result.Summary));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]       // a broken two-byte sequence
    [InlineData(new byte[] { 0xE9 })]             // é in Latin-1 / Windows-1252
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xC0, 0xAF })]       // an overlong encoding
    public async Task Bytes_that_are_not_UTF8_reject_the_file(byte[] bad)
    {
        var bytes = Encoding.UTF8.GetBytes(File(Row("P1"), "P2,9434765919,Smith,")).Concat(bad).Concat(Encoding.UTF8.GetBytes(",2,1970-01-01,,add\n")).ToArray();

        var result = await Validate(bytes);

        Assert.False(result.Summary.Accepted);
        Assert.Equal(["The file is not UTF-8 text: it has bytes that are not valid UTF-8. Save it as \"CSV UTF-8\"."], result.Summary.FileErrors);
    }

    [Fact]
    public async Task Neither_the_summary_nor_the_error_report_echoes_personal_data()
    {
        string[] nhs = ["9434765918", "0000000060", "943476591", "94347A5919", "943 476 5918"];
        var rows = nhs.Select((n, i) => Row($"P{i}", nhs: n, family: "Featherstonehaugh-Cholmondeley-Worthington", given: "Maximilianus-Bartholomew-Fitzwilliam-Jr",
            dob: "2031-07-14", postcode: i % 2 == 0 ? "ZZ99 9ZZZ" : "Q1 XYZ")).ToList();
        rows.Add(Row("P9", dob: "1850-03-03", gender: "x"));
        rows.Add(Row("P10", dob: "1970-02-31"));
        var result = await Validate(File([.. rows]));
        var text = result.Errors + DarsJson.Serialize(result.Summary) + result.Summary.Reason + string.Join("", result.Summary.FileErrors);

        foreach (var value in nhs.Select(n => n.Replace(" ", "")).Concat(nhs))
            Assert.DoesNotContain(value, text);
        foreach (var value in new[] { "Featherstonehaugh", "Maximilianus", "2031-07-14", "1850-03-03", "1970-02-31", "ZZ99", "Q1 XYZ", "943476", "347659" })
            Assert.DoesNotContain(value, text);
        Assert.Equal(7, result.Summary.InvalidRows);
    }

    [Fact]
    public async Task The_summary_is_served_as_camelCase_JSON()
    {
        var result = await Validate(File(Row("P1")));

        Assert.Equal(
            "{\"fileName\":\"NIC-123456_October-upload.csv\",\"totalRows\":1,\"validRows\":1,\"invalidRows\":0,\"accepted\":true,"
            + "\"reason\":\"Accepted: 0 of 1 rows invalid (0.0%).\",\"fileErrors\":[]}",
            DarsJson.Serialize(result.Summary));
    }

    [Fact]
    public async Task A_large_file_is_checked_in_batches_with_every_row_and_duplicate_found_in_order()
    {
        // More rows than a batch and a table that must grow (no length known): duplicates across batches still found.
        const int rows = 20_000;
        var builder = new StringBuilder(Header).Append('\n');
        for (var i = 1; i <= rows; i++) builder.Append(Row(i % 1000 == 0 ? $"R{i - 999}" : $"R{i}")).Append('\n');
        var errors = new StringWriter();
        var accepted = new StringWriter();
        var stream = new NonSeekable(Encoding.UTF8.GetBytes(builder.ToString()));

        var summary = await new CohortValidator(Today).ValidateAsync(stream, Name, App, true, errors, accepted, default);

        Assert.Equal((rows, rows - 20, 20), (summary.TotalRows, summary.ValidRows, summary.InvalidRows));
        var lines = errors.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(Enumerable.Range(1, 20).Select(k => $"{k * 1000},R{k * 1000 - 999},UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file."), lines);
        Assert.Equal(rows - 20 + 1, accepted.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\r\nR19999,9434765919\r\n", accepted.ToString());
    }

    [Fact]
    public void The_reference_set_finds_repeats_as_it_grows()
    {
        using var set = new ReferenceSet();
        for (var i = 0; i < 100_000; i++) Assert.Equal(0, set.Add($"R{i}", 1));
        Assert.Equal(1, set.Add("R5", 2));
        Assert.Equal(3, set.Add("R5", 1));
        Assert.Equal(1, set.Add("R99999", 1));
        Assert.Equal(0, set.Add("r5", 1));
        Assert.Equal(100_001, set.Count);
    }

    [Fact]
    public void A_postcode_is_read_exactly_as_the_shapes_say()
    {
        // Strings built from shapes, right and wrong (L a letter of either case, D a digit, an optional space between
        // the parts), with now and then a character that is neither (a hyphen, an accented letter, a non-ASCII
        // digit) or a letter of GIR 0AA, against the rules written out as a pattern.
        var rules = new System.Text.RegularExpressions.Regex(
            "^(?:[A-Za-z][0-9]|[A-Za-z][0-9][0-9]|[A-Za-z][0-9][A-Za-z]|[A-Za-z]{2}[0-9]|[A-Za-z]{2}[0-9]{2}|[A-Za-z]{2}[0-9][A-Za-z]) ?[0-9][A-Za-z]{2}$"
            + "|^[Gg][Ii][Rr] ?0[Aa]{2}$");
        string[] outwards = ["LD", "LDD", "LDL", "LLD", "LLDD", "LLDL", "L", "D", "LLL", "DL", "LDLD", "LLDDD", "LLLD"];
        string[] inwards = ["DLL", "DL", "DLLL", "LLL", "DDL", "DLD"];
        const string odd = " -é٣GIRgir0Aa";
        var random = new Random(11);
        char Fill(char kind) => random.Next(12) == 0 ? odd[random.Next(odd.Length)]
            : kind == 'D' ? (char)('0' + random.Next(10)) : (char)((random.Next(2) == 0 ? 'A' : 'a') + random.Next(26));
        var samples = Enumerable.Range(0, 200_000).Select(_ =>
            new string(outwards[random.Next(outwards.Length)].Select(Fill).ToArray())
            + (random.Next(2) == 0 ? " " : random.Next(8) == 0 ? "  " : "")
            + new string(inwards[random.Next(inwards.Length)].Select(Fill).ToArray()));
        var checkedCount = 0;
        var valid = 0;
        foreach (var text in new[] { "GIR 0AA", "gir0aa", "GIR 0AB", "EC1A 1BB", "EC1A1BB", "W1A 0AX", "M1 1AE", "DN55 1PT", " M1 1AE", "M1 1AE ", "" }.Concat(samples))
        {
            var expected = rules.IsMatch(text);
            Assert.True(expected == CohortValidator.IsUkPostcode(text), $"'{text}' should be {(expected ? "read" : "refused")}");
            checkedCount++;
            if (expected) valid++;
        }
        Assert.InRange(valid, 5_000, checkedCount - 20_000); // both answers well exercised
    }

    [Fact]
    public async Task A_date_of_birth_is_read_exactly_as_the_calendar_says()
    {
        // Real dates in both forms either side of 1890 and of today (leap days of 1600, 1900, 2000 and others among
        // them), with now and then a digit, separator or length spoiled, against .NET's own calendar as the oracle.
        var random = new Random(23);
        const string odd = "-/ .a0٣";
        string Sample()
        {
            int[] februaries = [1600, 1700, 1900, 1996, 2000, 2023, 2024];
            var date = random.Next(10) == 0
                ? new DateOnly(februaries[random.Next(februaries.Length)], 2, 28).AddDays(random.Next(3))
                : new DateOnly(1580, 1, 1).AddDays(random.Next(0, 170_000));
            var text = date.ToString(random.Next(2) == 0 ? "yyyy-MM-dd" : "yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture).ToCharArray();
            if (random.Next(3) == 0) text[random.Next(10)] = random.Next(2) == 0 ? (char)('0' + random.Next(10)) : odd[random.Next(odd.Length)];
            var sample = new string(text);
            return random.Next(40) == 0 ? sample[..random.Next(10)] : random.Next(40) == 0 ? sample + "1" : sample;
        }
        static string? Expected(string text)
        {
            if (text.Length == 0) return "DATE_OF_BIRTH is required.";
            var shape = text.Length == 10 && text[4] is '-' or '/' && text[7] == text[4]
                && text.Where((_, i) => i is not (4 or 7)).All(char.IsAsciiDigit);
            if (!shape) return "DATE_OF_BIRTH must be written YYYY-MM-DD (or YYYY/MM/DD).";
            if (!DateOnly.TryParseExact(text.Replace('/', '-'), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var date))
                return "DATE_OF_BIRTH is not a real date.";
            return date > Today ? "DATE_OF_BIRTH is in the future." : date < new DateOnly(1890, 1, 1) ? "DATE_OF_BIRTH is before 1890-01-01." : null;
        }
        var samples = Enumerable.Range(0, 20_000).Select(_ => Sample()).ToArray();

        var result = await Validate(File([.. samples.Select((dob, i) => Row($"P{i}", dob: dob))]));

        var reported = result.ErrorLines.Select(line => line.Split(',', 4)).ToDictionary(f => f[1], f => f[3]);
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < samples.Length; i++)
        {
            var expected = Expected(samples[i]);
            Assert.True(expected == reported.GetValueOrDefault($"P{i}"), $"'{samples[i]}' should give {expected ?? "no error"}");
            counts[expected ?? ""] = counts.GetValueOrDefault(expected ?? "") + 1;
        }
        Assert.Equal(6, counts.Count); // every answer well exercised
        Assert.All(counts.Values, count => Assert.InRange(count, 20, samples.Length));
    }

    [Fact]
    public void A_batch_added_at_once_finds_what_adding_one_at_a_time_finds()
    {
        // Repeats inside the batch and across batches, both statuses, skipped entries, and a table that grows on the way.
        var random = new Random(7);
        var hashes = new ulong[5000];
        var statuses = new int[hashes.Length];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = ReferenceSet.Hash($"R{random.Next(3000)}");
            statuses[i] = random.Next(3); // 0 = skipped
        }
        using var oneByOne = new ReferenceSet();
        var expected = hashes.Select((h, i) => statuses[i] == 0 ? 0 : oneByOne.Add(h, statuses[i])).ToArray();

        using var batched = new ReferenceSet();
        var before = new int[hashes.Length];
        Array.Fill(before, -1);
        for (var start = 0; start < hashes.Length; start += 1024)
        {
            var length = Math.Min(1024, hashes.Length - start);
            batched.AddAll(hashes.AsSpan(start, length), statuses.AsSpan(start, length), before.AsSpan(start));
        }

        Assert.Equal(expected, before);
        Assert.Equal(oneByOne.Count, batched.Count);
        Assert.Contains(expected, b => b == 3); // the data did exercise a reference both added and deleted
    }

    [Fact]
    public void A_reference_set_starts_empty_on_a_table_another_set_gave_back()
    {
        // Tables are pooled: one returned full of hashes must not leak them into the next validation.
        using (var first = new ReferenceSet(1000))
            for (var i = 0; i < 1000; i++) first.Add($"R{i}", 1);
        using var second = new ReferenceSet(1000);
        for (var i = 0; i < 1000; i++) Assert.Equal(0, second.Add($"R{i}", 2));
        Assert.Equal(1000, second.Count);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
