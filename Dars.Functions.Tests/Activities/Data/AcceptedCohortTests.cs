using System.Text;
using Dars.Activities.Data;

namespace Dars.Tests.Activities.Data;

/// <summary>The in-memory cohort index: every reference kept, rows of one NHS number in file order, rows without one never found.</summary>
public sealed class AcceptedCohortTests
{
    [Fact]
    public async Task A_large_cohort_finds_each_NHS_numbers_references_in_file_order()
    {
        const int patients = 100_000;
        var csv = new StringBuilder("NHS_NUMBER,UNIQUE REFERENCE,EXTRA\n");
        for (var copy = 0; copy < 3; copy++)
            for (var p = 0; p < patients; p++)
                csv.Append(9_000_000_000L + p * 7).Append(",ref-").Append(copy).Append('-').Append(p).Append(new string('x', p % 13)).Append(",e\n");
        csv.Append(",no-number,e\n");

        var cohort = await AcceptedCohort.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), default);

        Assert.Equal(3 * patients + 1, cohort.Rows);
        Assert.Equal("no-number", cohort.Reference(3 * patients).ToString());
        foreach (var p in new[] { 0, 1, 4_999, 77_777, patients - 1 })
        {
            var found = new List<string>();
            for (var row = cohort.First(9_000_000_000L + p * 7); row >= 0; row = cohort.Next(row)) found.Add(cohort.Reference(row).ToString());
            var tail = new string('x', p % 13);
            Assert.Equal([$"ref-0-{p}{tail}", $"ref-1-{p}{tail}", $"ref-2-{p}{tail}"], found);
        }
        Assert.Equal(-1, cohort.First(9_000_000_001));
        Assert.Equal(-1, cohort.First(0));
    }

    [Fact]
    public void A_cohort_from_rows_keeps_rows_without_an_NHS_number_as_unmatchable()
    {
        var cohort = AcceptedCohort.From([("A", "9000000001"), ("B", null), ("C", "not-a-number"), ("D", "9000000001")]);

        Assert.Equal(4, cohort.Rows);
        Assert.Equal(0, cohort.First(9000000001));
        Assert.Equal(3, cohort.Next(0));
        Assert.Equal(-1, cohort.Next(3));
    }
}
