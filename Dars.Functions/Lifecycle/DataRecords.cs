using System.Text.Json.Serialization;
namespace Dars.Lifecycle;

public enum CohortStatus { None, Validating, Accepted, Rejected }

/// <summary>The latest cohort file and what its validation found.</summary>
public sealed record CohortRecord(CohortStatus Status = CohortStatus.None, string? FileName = null, string? BlobName = null,
    int TotalRows = 0, int ValidRows = 0, int InvalidRows = 0, string? Reason = null);

/// <summary>The last production's counts and release-register reason.</summary>
public sealed record ProductionRecord(int CohortRows = 0, int Matched = 0, int RemovedType1 = 0, int RemovedNationalDataOptOut = 0,
    int ReleasedRows = 0, string? ObjectionsReason = null, IReadOnlyList<string>? Extracts = null);

/// <summary>How the data was made available, and when access ended.</summary>
public sealed record ReleaseRecord(string? Mode = null, DateTimeOffset? ReleasedAt = null, DateTimeOffset? RevokedAt = null,
    IReadOnlyList<string>? Files = null, string? Grant = null)
{
    [JsonIgnore]
    public bool AccessOpen => ReleasedAt is not null && RevokedAt is null;
}

/// <summary>The certificate of destruction owed after access ends.</summary>
public sealed record DestructionRecord(DateOnly? DueDate = null, bool Overdue = false, DateTimeOffset? CertificateReceivedAt = null);

/// <summary>A renewal the applicant asked for, until it is decided or lapses.</summary>
public sealed record RenewalRequest(int TermMonths, string Justification);
