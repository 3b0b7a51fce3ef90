using System.Text.Json.Serialization;

namespace Dars.Lifecycle;

/// <summary>
/// Work the runtime carries out after an event is durably recorded. Effects are written to the
/// outbox in the same transaction as the events, so none is lost and none runs for a command that failed.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SendNotification), "send-notification")]
[JsonDerivedType(typeof(ScheduleTimer), "schedule-timer")]
[JsonDerivedType(typeof(ValidateCohort), "validate-cohort")]
[JsonDerivedType(typeof(ProduceData), "produce-data")]
[JsonDerivedType(typeof(ReleaseData), "release-data")]
[JsonDerivedType(typeof(RevokeAccess), "revoke-access")]
public abstract record Effect
{
    /// <summary>The activity that carries the effect out, as shown in <c>failure.activity</c>.</summary>
    public abstract string Activity { get; }
}

/// <summary>Notify a party of the application (by role: <c>applicant</c>, <c>case-officers</c>).</summary>
public sealed record SendNotification(string Template, string Recipient, string Reason) : Effect
{
    public override string Activity => "send-notification";
}

/// <summary>Raise the timer event <paramref name="Timer"/> as a system command at <paramref name="DueAt"/>.</summary>
public sealed record ScheduleTimer(string Timer, DateTimeOffset DueAt) : Effect
{
    public override string Activity => "schedule-timer";
}

/// <summary>Check the uploaded cohort file against COHORT.md.</summary>
public sealed record ValidateCohort(string BlobName, string FileName) : Effect
{
    public override string Activity => "validate-cohort";
}

/// <summary>Produce the extracts of the approved datasets (joined with the accepted cohort, if any).</summary>
public sealed record ProduceData : Effect
{
    public override string Activity => "produce-data";
}

/// <summary>Make the produced data available by the application's access mode.</summary>
public sealed record ReleaseData(string Mode) : Effect
{
    public override string Activity => "release-data";
}

/// <summary>
/// Take the release files away and withdraw any access grant. <paramref name="Withhold"/> when access may be restored
/// (a suspension, until the audit's findings are closed): the files are kept aside for the re-release, not deleted.
/// </summary>
public sealed record RevokeAccess(string Reason, bool Withhold = false) : Effect
{
    public override string Activity => "revoke-access";
}
