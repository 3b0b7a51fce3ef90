using System.Text.Json.Nodes;
using Dars.Lifecycle.Submission;

namespace Dars.Tests.Infrastructure;

/// <summary>Valid submissions to start from; tests change one thing to see one rule.</summary>
public static class Forms
{
    public static readonly DatasetCatalogue Catalogue = new([
        new DatasetDefinition("hes-apc", ["NHS_NUMBER", "DATE_OF_BIRTH", "POSTCODE", "SEX", "ADMIDATE", "DIAG_4_01"]),
        new DatasetDefinition("civil-registration-deaths", ["NHS_NUMBER", "DATE_OF_DEATH", "UNDERLYING_CAUSE"]),
    ]);

    public static ApplicationForm Valid(DateOnly today, string org = "X26", string? reference = null, params string[] approvals) => new()
    {
        Organisation = new OrganisationDetails(org, "Example University"),
        Contact = new ContactDetails("Dr A Researcher", "a.researcher@example.ac.uk"),
        Title = "Heart failure readmissions",
        Purpose = "To measure 30-day readmission after heart failure admissions.",
        Benefits = "Better discharge planning for heart failure patients in England.",
        PurposeCategory = "academic-research",
        Datasets = [new DatasetRequest("hes-apc", ["ADMIDATE", "DIAG_4_01"])],
        LegalBasis = new LegalBasis("6(1)(e)", "9(2)(j)", "section-251", "CAG 19/CAG/0001"),
        Security = new SecurityAssurance("standards-met", null, null),
        ProcessingLocations = ["England"],
        AccessMode = "secure-file-transfer",
        CohortRequired = true,
        ExternalApprovals = approvals,
        ObjectionExemption = "none",
        RequestedStartDate = today.AddDays(14),
        RequestedTermMonths = 24,
        ExternalReference = reference ?? "ref-" + Guid.NewGuid().ToString("N")[..8],
    };

    /// <summary>The same valid application as the JSON an integrating system would post.</summary>
    public static JsonObject Json(DateOnly today, string org = "X26", string? reference = null, params string[] approvals) =>
        JsonNode.Parse(Dars.Runtime.Storage.DarsJson.Serialize(Valid(today, org, reference, approvals)))!.AsObject();
}
