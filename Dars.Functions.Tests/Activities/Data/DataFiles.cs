using System.Text;
using Dars.Activities.Data;
using Dars.Lifecycle;
using Dars.Lifecycle.Submission;

namespace Dars.Tests.Activities.Data;

/// <summary>Small datasets, a register and a cohort whose join is worked out by hand in the tests.</summary>
internal static class DataFiles
{
    // 9000000001: in hes-apc twice, cohort R1 and R6. 9000000002: type-1, in hes-apc (R2). 9000000003: opt-out,
    // in both datasets (R3). 9000000004: type-1, in no dataset (R4). 9000000005: in deaths only (R7).
    // 9000000099 (opt-out) and 9000000098 (type-1): in the datasets, not in the cohort.
    public const string HesApc =
        "NHS_NUMBER,DATE_OF_BIRTH,ADMIDATE,DIAG_4_01\n" +
        "9000000001,1980-01-01,2020-01-01,A01\n" +
        "9000000001,1980-01-01,2021-02-02,\"B,02\"\n" +
        "9000000002,1970-05-05,2020-03-03,C03\n" +
        "9000000003,1960-06-06,2020-04-04,D04\n" +
        "9000000099,1950-07-07,2020-05-05,E05\n";

    public const string Deaths =
        "NHS_NUMBER,DATE_OF_DEATH,UNDERLYING_CAUSE\n" +
        "9000000005,2022-01-01,X1\n" +
        "9000000003,2022-02-02,X2\n" +
        "9000000098,2022-03-03,X3\n";

    public const string Register =
        "NHS_NUMBER,OBJECTION_TYPE\n" +
        "9000000002,type-1\n" +
        "9000000003,national-data-opt-out\n" +
        "9000000004,type-1\n" +
        "9000000099,national-data-opt-out\n" +
        "9000000098,type-1\n";

    public const string Cohort =
        "UNIQUE REFERENCE,NHS_NUMBER\n" +
        "R1,9000000001\n" +
        "R2,9000000002\n" +
        "R3,9000000003\n" +
        "R4,9000000004\n" +
        "R5,\n" +
        "R6,9000000001\n" +
        "R7,9000000005\n";

    public static readonly DatasetRequest[] Requests =
    [
        new("hes-apc", ["DIAG_4_01", "ADMIDATE"]),
        new("civil-registration-deaths", ["UNDERLYING_CAUSE", "NHS_NUMBER"]),
    ];

    public static Stream Stream(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static string Text(Stream stream) => Encoding.UTF8.GetString(((MemoryStream)stream).ToArray());

    public static Application Application(string id, bool cohort, string? exemption, string accessMode = "secure-file-transfer") => new()
    {
        Id = id,
        Form = new ApplicationForm
        {
            Datasets = Requests, CohortRequired = cohort, ObjectionExemption = exemption, AccessMode = accessMode,
        },
        Cohort = cohort ? new CohortRecord(CohortStatus.Accepted, "NIC-1_upload.csv", $"{id}/cohort.csv", 7, 7, 0) : new CohortRecord(),
    };

    public static async Task<IReadOnlyDictionary<long, ObjectionTypes>> RegisterAsync(string text = Register)
    {
        var register = new Dictionary<long, ObjectionTypes>();
        var check = await ObjectionRegister.ReadAsync(Stream(text), register, default);
        Assert.Empty(check.Problems);
        return register;
    }
}

/// <summary>The accepted cohort's rows by blob name, in memory (stands in for cohort validation's files).</summary>
internal sealed class InMemoryCohorts : IAcceptedCohortSource
{
    public Dictionary<string, string> Files { get; } = new();

    public Task<Stream?> OpenAcceptedAsync(string blobName, CancellationToken cancellationToken) =>
        Task.FromResult(Files.TryGetValue(blobName, out var text) ? DataFiles.Stream(text) : null);
}
