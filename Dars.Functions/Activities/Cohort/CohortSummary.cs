namespace Dars.Activities.Cohort;

/// <summary>
/// What the applicant learns of a cohort file (<c>GET …/cohort/summary</c>, as camelCase JSON: <c>fileName</c>,
/// <c>totalRows</c>, <c>validRows</c>, <c>invalidRows</c>, <c>accepted</c>, <c>reason</c>, <c>fileErrors</c>): counts
/// and the verdict, never a row's content. <see cref="Reason"/> says why, e.g. "Rejected: 3 of 100 rows invalid (3.0%),
/// above the 2% limit. …"; <see cref="FileErrors"/> lists the file-level errors, each of which rejects the file. The
/// counts are of the data rows read: for a file rejected at the header, none; for one rejected part-way (too many
/// rows, not CSV, not UTF-8), those read before that.
/// </summary>
public sealed record CohortSummary(
    string FileName, int TotalRows, int ValidRows, int InvalidRows, bool Accepted, string Reason, IReadOnlyList<string> FileErrors);
