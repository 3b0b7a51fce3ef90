using Dars.Lifecycle;
using Dars.Lifecycle.Sla;
using Dars.Lifecycle.Submission;

namespace Dars.Api.Applications;

/// <summary>The status resource of API.md: the application as one caller sees it now.</summary>
public sealed record ApplicationStatus(
    string Id,
    string State,
    string Stage,
    string? Outcome,
    long Version,
    string? Title,
    OrganisationDetails? Organisation,
    IReadOnlyList<string> Awaiting,
    SlaStatusView? Sla,
    IReadOnlyList<ExternalApprovalView> ExternalApprovals,
    AgreementView Agreement,
    CohortView Cohort,
    ProductionView Production,
    ReleaseView Release,
    DestructionView Destruction,
    FailureView? Failure,
    IReadOnlyList<string> RequiredInformation,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    StatusLinks Links)
{
    public static ApplicationStatus Of(Application a, Caller caller, SlaReport? sla, string baseUrl)
    {
        var self = $"{baseUrl}/api/applications/{a.Id}";
        return new ApplicationStatus(
            a.Id, a.State.ToString(), a.Stage.ToString(), a.Outcome?.ToString(), a.Version, a.Title, a.Organisation,
            Decider.Awaiting(a, caller),
            sla is null ? null : new SlaStatusView(sla.StartedOn, sla.TargetWorkingDays, sla.ElapsedWorkingDays, sla.PausedWorkingDays,
                sla.Paused, sla.PauseReasons, sla.DueDate, sla.Status),
            a.ExternalApprovals.Select(x => new ExternalApprovalView(x.ApprovalType, x.Status.ToString().ToLowerInvariant(), x.Reference, x.ExpiresOn)).ToArray(),
            new AgreementView(a.Agreement.ProviderSignedAt, a.Agreement.ApplicantSignedAt, a.Agreement.PoNumber, a.Agreement.StartDate, a.Agreement.ExpiryDate,
                a.Agreement.Conditions, a.Agreement.ApprovedTermMonths),
            new CohortView(a.Cohort.Status.ToString().ToLowerInvariant(), a.Cohort.FileName, a.Cohort.TotalRows, a.Cohort.ValidRows, a.Cohort.InvalidRows),
            new ProductionView(a.Production.CohortRows, a.Production.Matched,
                new Dictionary<string, int> { ["type-1"] = a.Production.RemovedType1, ["national-data-opt-out"] = a.Production.RemovedNationalDataOptOut },
                a.Production.ReleasedRows, a.Production.ObjectionsReason),
            new ReleaseView(a.Release.Mode, a.Release.ReleasedAt, a.Release.RevokedAt),
            new DestructionView(a.Destruction.DueDate, a.Destruction.Overdue, a.Destruction.CertificateReceivedAt),
            a.Failure is null ? null : new FailureView(a.Failure.Activity, a.Failure.Error, a.Failure.Attempts),
            a.RequiredInformation,
            a.CreatedAt, a.LastUpdatedAt,
            new StatusLinks(self, $"{self}/history", $"{self}/events/{{eventName}}"));
    }
}

public sealed record SlaStatusView(DateOnly StartedOn, int TargetWorkingDays, int ElapsedWorkingDays, int PausedWorkingDays,
    bool Paused, IReadOnlyList<string> PauseReasons, DateOnly DueDate, string Status);

public sealed record ExternalApprovalView(string ApprovalType, string Status, string? Reference, DateOnly? ExpiresOn);

public sealed record AgreementView(DateTimeOffset? ProviderSignedAt, DateTimeOffset? ApplicantSignedAt, string? PoNumber, DateOnly? StartDate, DateOnly? ExpiryDate,
    IReadOnlyList<string> Conditions, int? ApprovedTermMonths);

public sealed record CohortView(string Status, string? FileName, int TotalRows, int ValidRows, int InvalidRows);

public sealed record ProductionView(int CohortRows, int Matched, IReadOnlyDictionary<string, int> RemovedByObjections, int ReleasedRows, string? ObjectionsReason);

public sealed record ReleaseView(string? Mode, DateTimeOffset? ReleasedAt, DateTimeOffset? RevokedAt);

public sealed record DestructionView(DateOnly? DueDate, bool Overdue, DateTimeOffset? CertificateReceivedAt);

public sealed record FailureView(string Activity, string Error, int Attempts);

public sealed record StatusLinks(string Self, string History, string Events);
