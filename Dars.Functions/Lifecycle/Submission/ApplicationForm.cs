using System.Text.Json.Serialization;
namespace Dars.Lifecycle.Submission;

/// <summary>
/// The application as submitted (LIFECYCLE.md "The application"). Every member is nullable because a
/// submission is checked field by field and reported as a whole, never rejected at the first gap.
/// A resubmission carries the same shape with only the changed members set.
/// </summary>
public sealed record ApplicationForm
{
    public OrganisationDetails? Organisation { get; init; }
    public ContactDetails? Contact { get; init; }
    public string? Title { get; init; }
    public string? Purpose { get; init; }
    public string? Benefits { get; init; }
    public string? PurposeCategory { get; init; }
    public IReadOnlyList<DatasetRequest>? Datasets { get; init; }
    public LegalBasis? LegalBasis { get; init; }
    public SecurityAssurance? Security { get; init; }
    public IReadOnlyList<string>? ProcessingLocations { get; init; }
    public string? AccessMode { get; init; }
    public bool? CohortRequired { get; init; }
    public IReadOnlyList<string>? ExternalApprovals { get; init; }
    public string? ObjectionExemption { get; init; }
    public DateOnly? RequestedStartDate { get; init; }
    public int? RequestedTermMonths { get; init; }
    public string? ExternalReference { get; init; }

    /// <summary>Overlays the members a resubmission sets; the rest stay as they were.</summary>
    public ApplicationForm Merge(ApplicationForm changes) => new()
    {
        Organisation = changes.Organisation ?? Organisation,
        Contact = changes.Contact ?? Contact,
        Title = changes.Title ?? Title,
        Purpose = changes.Purpose ?? Purpose,
        Benefits = changes.Benefits ?? Benefits,
        PurposeCategory = changes.PurposeCategory ?? PurposeCategory,
        Datasets = changes.Datasets ?? Datasets,
        LegalBasis = changes.LegalBasis ?? LegalBasis,
        Security = changes.Security ?? Security,
        ProcessingLocations = changes.ProcessingLocations ?? ProcessingLocations,
        AccessMode = changes.AccessMode ?? AccessMode,
        CohortRequired = changes.CohortRequired ?? CohortRequired,
        ExternalApprovals = changes.ExternalApprovals ?? ExternalApprovals,
        ObjectionExemption = changes.ObjectionExemption ?? ObjectionExemption,
        RequestedStartDate = changes.RequestedStartDate ?? RequestedStartDate,
        RequestedTermMonths = changes.RequestedTermMonths ?? RequestedTermMonths,
        ExternalReference = changes.ExternalReference ?? ExternalReference,
    };

    [JsonIgnore]
    public bool IsEmpty => this == new ApplicationForm();
}

public sealed record OrganisationDetails(string? OdsCode, string? Name);

public sealed record ContactDetails(string? Name, string? Email);

public sealed record DatasetRequest(string? Id, IReadOnlyList<string>? Fields);

public sealed record LegalBasis(string? Article6, string? Article9, string? CommonLawDuty, string? Section251Reference);

public sealed record SecurityAssurance(string? DsptStatus, string? ImprovementPlan, string? Iso27001);
