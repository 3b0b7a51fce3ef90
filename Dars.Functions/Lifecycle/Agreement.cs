using System.Text.Json.Serialization;
namespace Dars.Lifecycle;

/// <summary>The data sharing agreement: approval terms, signatures, purchase order and its dates once it runs.</summary>
public sealed record Agreement
{
    public IReadOnlyList<string> Conditions { get; init; } = [];
    public int? ApprovedTermMonths { get; init; }
    public DateTimeOffset? ProviderSignedAt { get; init; }
    public string? ProviderSignatory { get; init; }
    public DateTimeOffset? ApplicantSignedAt { get; init; }
    public string? ApplicantSignatory { get; init; }
    public string? ApplicantSignatoryRole { get; init; }
    public string? PoNumber { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? ExpiryDate { get; init; }

    [JsonIgnore]
    public bool ApplicantSideComplete => ApplicantSignedAt is not null && PoNumber is not null;
}
