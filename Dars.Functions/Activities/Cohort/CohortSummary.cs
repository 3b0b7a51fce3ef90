namespace Dars.Activities.Cohort;

/// <summary>What the applicant learns of a cohort file (<c>GET …/cohort/summary</c>): counts and the verdict, never a row's content.</summary>
public sealed record CohortSummary(
    string FileName, int TotalRows, int ValidRows, int InvalidRows, bool Accepted, string Reason, IReadOnlyList<string> FileErrors);
