namespace Dars.Lifecycle.Events;

/// <summary>The applicant's cohort file is stored (<c>PUT …/cohort</c>) and awaits validation.</summary>
[EventName("cohort-uploaded")]
public sealed record CohortUploaded(string? FileName, string? BlobName) : EventData;

/// <summary>The cohort validation's outcome (COHORT.md): counts only, never a row's content.</summary>
[EventName("cohort-validated", SystemOnly = true)]
public sealed record CohortValidated(bool Accepted, int TotalRows, int ValidRows, int InvalidRows, string? Reason) : EventData;

/// <summary>Extracts are produced; the summary counts of LIFECYCLE.md "Data production and objections".</summary>
[EventName("data-produced", SystemOnly = true)]
public sealed record DataProduced(
    int CohortRows, int Matched, int RemovedType1, int RemovedNationalDataOptOut, int ReleasedRows, string ObjectionsReason,
    IReadOnlyList<string>? Extracts = null) : EventData;

/// <summary>A data producer's sign-off of the produced data: <c>approve</c> releases it, <c>reject</c> produces it again.</summary>
[EventName("data-signed-off")]
public sealed record DataSignedOff(string? Decision, string? Notes) : EventData
{
    public const string Approve = "approve", Reject = "reject";
}

/// <summary>The data is released: files for secure file transfer, or an access grant in the secure data environment.</summary>
[EventName("data-released", SystemOnly = true)]
public sealed record DataReleased(string Mode, IReadOnlyList<string>? Files = null, string? Grant = null) : EventData;

/// <summary>Access is withdrawn: release files deleted and any grant revoked.</summary>
[EventName("access-revoked", SystemOnly = true)]
public sealed record AccessRevoked(string Reason) : EventData;
