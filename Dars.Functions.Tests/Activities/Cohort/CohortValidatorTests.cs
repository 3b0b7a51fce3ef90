using System.Text;
using Dars.Activities.Cohort;

namespace Dars.Tests.Activities.CohortValidation;

/// <summary>Every rule of COHORT.md, on files made in memory.</summary>
public sealed class CohortValidatorTests
{
    private const string App = "NIC-123456";
    private const string Name = "NIC-123456_October-upload.csv";
    private const string Header = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS";
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static string Row(string reference, string nhs = "9434765919", string family = "Smith", string given = "Jo", string gender = "2",
        string dob = "1970-01-31", string postcode = "LS1 4AP", string status = "add") =>
        $"{reference},{nhs},{family},{given},{gender},{dob},{postcode},{status}";

    private static async Task<(CohortSummary Summary, string Errors, string Accepted)> Validate(string content, string fileName = Name,
        bool first = true, int maxRows = CohortValidator.MaxRows, Encoding? encoding = null)
    {
        var errors = new StringWriter();
        var accepted = new StringWriter();
        var bytes = encoding is null ? Encoding.UTF8.GetBytes(content) : [.. encoding.GetPreamble(), .. encoding.GetBytes(content)];
        var summary = await new CohortValidator(Today, maxRows).ValidateAsync(new MemoryStream(bytes), fileName, App, first, errors, accepted, default);
        return (summary, errors.ToString(), accepted.ToString());
    }

    private static string File(params string[] rows) => string.Join("\n", [Header, .. rows]) + "\n";

    [Fact]
    public async Task A_valid_file_is_accepted_and_its_add_rows_are_kept_for_linkage()
    {
        var (summary, errors, accepted) = await Validate(File(Row("P1"), Row("P2", nhs: "943 476 5870"), Row("P3", nhs: "")));

        Assert.True(summary.Accepted);
        Assert.Equal((3, 3, 0), (summary.TotalRows, summary.ValidRows, summary.InvalidRows));
        Assert.Equal("ROW,UNIQUE REFERENCE,FIELD,ERROR\r\n", errors);
        Assert.Equal("UNIQUE REFERENCE,NHS_NUMBER\r\nP1,9434765919\r\nP2,9434765870\r\nP3,\r\n", accepted);
    }

    public static TheoryData<string, string, string> InvalidRows => new()
    {
        { Row(""), "UNIQUE REFERENCE", "UNIQUE REFERENCE is required." },
        { Row(new string('r', 101)), "UNIQUE REFERENCE", "UNIQUE REFERENCE is longer than 100 characters." },
        { Row("P9", nhs: "9434765918"), "NHS_NO", "NHS_NO is not a valid NHS number: 10 digits with a correct check digit (*******918)." },
        { Row("P9", family: new string('f', 41)), "FAMILY_NAME", "FAMILY_NAME is longer than 40 characters." },
        { Row("P9", given: new string('g', 41)), "GIVEN_NAME", "GIVEN_NAME is longer than 40 characters." },
        { Row("P9", gender: "3"), "GENDER", "GENDER must be 0 (not known), 1 (male), 2 (female) or 9 (not specified)." },
        { Row("P9", dob: ""), "DATE_OF_BIRTH", "DATE_OF_BIRTH is required." },
        { Row("P9", dob: "1970-02-30"), "DATE_OF_BIRTH", "DATE_OF_BIRTH must be a real date written YYYY-MM-DD (or YYYY/MM/DD)." },
        { Row("P9", dob: "31/01/1970"), "DATE_OF_BIRTH", "DATE_OF_BIRTH must be a real date written YYYY-MM-DD (or YYYY/MM/DD)." },
        { Row("P9", dob: "2026-11-24"), "DATE_OF_BIRTH", "DATE_OF_BIRTH is in the future." },
        { Row("P9", dob: "1889-12-31"), "DATE_OF_BIRTH", "DATE_OF_BIRTH is before 1890-01-01." },
        { Row("P9", postcode: "NOT A PC"), "POSTCODE", "POSTCODE is not a UK postcode of at most 8 characters." },
        { Row("P9", status: "update"), "STATUS", "STATUS must be add or delete." },
        { Row("P9", status: "delete"), "STATUS", "STATUS must be add in a first submission: there is nothing to delete yet." },
    };

    [Theory]
    [MemberData(nameof(InvalidRows))]
    public async Task Each_row_rule_is_reported_on_its_row_and_field_without_echoing_the_value(string row, string field, string error)
    {
        var (summary, errors, accepted) = await Validate(File([.. Enumerable.Range(1, 60).Select(i => Row($"OK{i}")), row]));

        Assert.Equal((61, 60, 1), (summary.TotalRows, summary.ValidRows, summary.InvalidRows));
        Assert.True(summary.Accepted);
        var reference = row.Split(',')[0];
        var line = errors.Split("\r\n")[1];
        Assert.Equal($"61,{reference},{field},{(error.Contains(',') ? $"\"{error}\"" : error)}", line);
        Assert.DoesNotContain(",P9,", accepted);
        Assert.DoesNotContain("9434765918", errors);
    }

    [Fact]
    public async Task Slash_dates_a_BOM_CRLF_and_a_header_in_any_order_and_case_are_accepted()
    {
        var content = "status , date_of_birth,Unique Reference,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,POSTCODE\r\nADD,1970/01/31,P1,,,,,\r\n";

        var (summary, _, accepted) = await Validate(content, encoding: new UTF8Encoding(true));

        Assert.True(summary.Accepted);
        Assert.Equal("UNIQUE REFERENCE,NHS_NUMBER\r\nP1,\r\n", accepted);
    }

    [Fact]
    public async Task A_reference_twice_is_a_duplicate_and_added_and_deleted_is_reported_as_such()
    {
        var (_, errors, _) = await Validate(File([.. Enumerable.Range(1, 100).Select(i => Row($"OK{i}")), Row("OK1")]), first: true);
        Assert.Contains("101,OK1,UNIQUE REFERENCE,This UNIQUE REFERENCE appears more than once in the file.", errors);

        var (_, both, _) = await Validate(File([.. Enumerable.Range(1, 100).Select(i => Row($"OK{i}")), Row("OK1", status: "delete")]), first: false);
        Assert.Contains("101,OK1,UNIQUE REFERENCE,This UNIQUE REFERENCE is both added and deleted in the file.", both);
    }

    [Theory]
    [InlineData(100, 2, true)]
    [InlineData(100, 3, false)]
    [InlineData(1000, 20, true)]
    [InlineData(1000, 21, false)]
    public async Task Up_to_two_percent_invalid_rows_are_accepted_and_more_rejects_the_file(int rows, int invalid, bool accepted)
    {
        var lines = Enumerable.Range(1, rows).Select(i => i <= invalid ? Row($"R{i}", gender: "7") : Row($"R{i}")).ToArray();

        var (summary, _, kept) = await Validate(File(lines));

        Assert.Equal(accepted, summary.Accepted);
        Assert.Equal((rows, rows - invalid, invalid), (summary.TotalRows, summary.ValidRows, summary.InvalidRows));
        Assert.Contains(accepted ? "within the 2% limit" : "above the 2% limit", summary.Reason);
        Assert.Equal(rows - invalid + 1, kept.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    public static TheoryData<string, string, string> FileErrors => new()
    {
        { File(Row("P1")), "october.csv", "must start with the application's reference" },
        { Header.Replace(",POSTCODE", "") + "\nP1,,,,,1970-01-01,add\n", Name, "missing these columns: POSTCODE" },
        { Header + ",SHOE_SIZE\n" + Row("P1") + ",9\n", Name, "columns the template does not: SHOE_SIZE" },
        { Header + "\n\"P1,9434765919,x,y,1,1970-01-01,LS1 4AP,add\n", Name, "not a UTF-8 CSV file" },
        { "", Name, "not a UTF-8 CSV file" },
        { Header + "\n", Name, "no data rows" },
    };

    [Theory]
    [MemberData(nameof(FileErrors))]
    public async Task File_level_errors_reject_the_file_outright(string content, string fileName, string reason)
    {
        var (summary, errors, _) = await Validate(content, fileName);

        Assert.False(summary.Accepted);
        Assert.Contains(summary.FileErrors, e => e.Contains(reason));
        Assert.Contains(",,FILE,", errors);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_reject_the_file()
    {
        var bytes = Encoding.UTF8.GetBytes(File(Row("P1"))).Concat(new byte[] { 0xC3, 0x28, 0x0A }).ToArray();
        var summary = await new CohortValidator(Today).ValidateAsync(new MemoryStream(bytes), Name, App, true, new StringWriter(), new StringWriter(), default);

        Assert.False(summary.Accepted);
        Assert.Contains(summary.FileErrors, e => e.Contains("not UTF-8"));
    }

    [Fact]
    public async Task More_rows_than_the_limit_reject_the_file()
    {
        var (summary, _, _) = await Validate(File(Row("P1"), Row("P2"), Row("P3")), maxRows: 2);

        Assert.False(summary.Accepted);
        Assert.Contains(summary.FileErrors, e => e.Contains("more than 2 data rows"));
    }

    [Fact]
    public async Task Neither_the_summary_nor_the_error_report_echoes_personal_data()
    {
        var rows = new[] { Row("P1", nhs: "9434765918", family: new string('F', 41), dob: "2030-01-01", postcode: "ZZZZZZZZZ") };
        var (summary, errors, _) = await Validate(File(rows));
        var text = errors + summary;

        Assert.DoesNotContain("9434765918", text);
        Assert.DoesNotContain(new string('F', 41), text);
        Assert.DoesNotContain("2030-01-01", text);
        Assert.DoesNotContain("ZZZZZZZZZ", text);
    }
}
