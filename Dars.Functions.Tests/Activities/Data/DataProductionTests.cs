using Dars.Activities.Data;
using Dars.Lifecycle;
using static Dars.Tests.Activities.Data.DataFiles;

namespace Dars.Tests.Activities.Data;

/// <summary>The join of LIFECYCLE.md "Data production and objections", on files small enough to check by hand.</summary>
public sealed class DataProductionTests
{
    private static async Task<(ProductionSummary Summary, string HesApc, string Deaths)> Produce(bool cohort, string? exemption,
        string register = Register, string cohortFile = Cohort)
    {
        var accepted = cohort ? await AcceptedCohort.LoadAsync(Stream(cohortFile), default) : null;
        var production = new DataProduction(accepted, await RegisterAsync(register), exemption);
        var extracts = new List<string>();
        foreach (var (request, data) in Requests.Select(r => new ExtractRequest(r.Id!, r.Fields!)).Zip([HesApc, Deaths]))
        {
            var output = new MemoryStream();
            var rows = await production.ExtractAsync(request, Stream(data), output, default);
            var text = Text(output);
            Assert.Equal(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1, rows);
            extracts.Add(text);
        }
        return (production.Summary, extracts[0], extracts[1]);
    }

    [Fact]
    public async Task With_a_cohort_objections_upheld_keeps_matched_rows_one_per_reference_and_leaves_objectors_out()
    {
        var (summary, hes, deaths) = await Produce(cohort: true, "none");

        // R1..R7; matched R1, R6 (same NHS number), R2, R3, R7; R4 is in no dataset, R5 has no NHS number.
        Assert.Equal(new ProductionSummary(7, 5, 1, 1, 5, ReleaseRegister.ObjectionsUpheld), summary);
        Assert.Equal(
            "UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\n" +
            "R1,A01,2020-01-01\r\n" +
            "R6,A01,2020-01-01\r\n" +
            "R1,\"B,02\",2021-02-02\r\n" +
            "R6,\"B,02\",2021-02-02\r\n", hes);
        Assert.Equal(
            "UNIQUE REFERENCE,UNDERLYING_CAUSE,NHS_NUMBER\r\n" +
            "R7,X1,9000000005\r\n", deaths);
    }

    [Theory]
    [InlineData("consent", ReleaseRegister.Consent)]
    [InlineData("not-identifiable", ReleaseRegister.NotIdentifiable)]
    public async Task With_a_cohort_and_an_exemption_objectors_stay_in(string exemption, string reason)
    {
        var (summary, hes, deaths) = await Produce(cohort: true, exemption);

        Assert.Equal(new ProductionSummary(7, 5, 0, 0, 8, reason), summary);
        Assert.Equal(
            "UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\n" +
            "R1,A01,2020-01-01\r\nR6,A01,2020-01-01\r\nR1,\"B,02\",2021-02-02\r\nR6,\"B,02\",2021-02-02\r\n" +
            "R2,C03,2020-03-03\r\nR3,D04,2020-04-04\r\n", hes);
        Assert.Equal(
            "UNIQUE REFERENCE,UNDERLYING_CAUSE,NHS_NUMBER\r\nR7,X1,9000000005\r\nR3,X2,9000000003\r\n", deaths);
    }

    [Fact]
    public async Task Without_a_cohort_every_row_is_taken_and_removed_counts_are_distinct_patients()
    {
        var (summary, hes, deaths) = await Produce(cohort: false, null);

        // Removed: type-1 9000000002 and 9000000098; opt-out 9000000003 (in both datasets, counted once) and 9000000099.
        Assert.Equal(new ProductionSummary(0, 0, 2, 2, 3, ReleaseRegister.ObjectionsUpheld), summary);
        Assert.Equal("DIAG_4_01,ADMIDATE\r\nA01,2020-01-01\r\n\"B,02\",2021-02-02\r\n", hes);
        Assert.Equal("UNDERLYING_CAUSE,NHS_NUMBER\r\nX1,9000000005\r\n", deaths);
    }

    [Fact]
    public async Task Without_a_cohort_and_with_consent_nothing_is_removed()
    {
        var (summary, hes, _) = await Produce(cohort: false, "consent");

        Assert.Equal(new ProductionSummary(0, 0, 0, 0, 8, ReleaseRegister.Consent), summary);
        Assert.Equal(6, hes.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task A_patient_with_both_objection_types_counts_under_each()
    {
        var (summary, _, deaths) = await Produce(cohort: true, "none", Register + "9000000005,type-1\n9000000005,national-data-opt-out\n");

        Assert.Equal(new ProductionSummary(7, 5, 2, 2, 4, ReleaseRegister.ObjectionsUpheld), summary);
        Assert.Equal("UNIQUE REFERENCE,UNDERLYING_CAUSE,NHS_NUMBER\r\n", deaths);
    }

    [Fact]
    public async Task Both_references_of_a_shared_NHS_number_are_removed_for_its_objection()
    {
        var (summary, hes, _) = await Produce(cohort: true, "none", Register + "9000000001,type-1\n");

        Assert.Equal(new ProductionSummary(7, 5, 3, 1, 1, ReleaseRegister.ObjectionsUpheld), summary);
        Assert.Equal("UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\n", hes);
    }

    [Fact]
    public async Task A_cohort_with_no_NHS_numbers_matches_nothing()
    {
        var (summary, hes, deaths) = await Produce(cohort: true, "consent", cohortFile: "UNIQUE REFERENCE,NHS_NUMBER\nA,\nB,\n");

        Assert.Equal(new ProductionSummary(2, 0, 0, 0, 0, ReleaseRegister.Consent), summary);
        Assert.Equal("UNIQUE REFERENCE,DIAG_4_01,ADMIDATE\r\n", hes);
        Assert.Equal("UNIQUE REFERENCE,UNDERLYING_CAUSE,NHS_NUMBER\r\n", deaths);
    }

    [Fact]
    public async Task A_field_the_dataset_no_longer_has_fails_the_production()
    {
        var production = new DataProduction(null, ObjectionRegister.Empty, "consent");

        var e = await Assert.ThrowsAsync<DatasetFieldMissingException>(() =>
            production.ExtractAsync(new ExtractRequest("hes-apc", ["OPERTN_4_01"]), Stream(HesApc), new MemoryStream(), default));
        Assert.Contains("OPERTN_4_01", e.Message);
    }

    [Fact]
    public void Requests_take_each_dataset_once_and_each_field_once_in_order()
    {
        var requests = ExtractRequest.From(new Dars.Lifecycle.Submission.ApplicationForm
        {
            Datasets = [new("a", ["Y", "X", "Y"]), new("b", ["Z"]), new("a", ["W"])],
        });

        Assert.Equal(["a", "b"], requests.Select(r => r.DatasetId));
        Assert.Equal(["Y", "X"], requests[0].Fields);
    }
}
