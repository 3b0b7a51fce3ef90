using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Cohort;

/// <summary>
/// Validates an uploaded cohort file (COHORT.md) and stores, beside the upload, its error report, its accepted rows
/// (only when accepted) and, last, its summary: the summary's presence means validation is complete. Every blob is
/// overwritten, so running twice for one effect writes the same blobs and returns the same result. The reason in the
/// event is the summary's, which never holds personal data.
/// <para>
/// First submission: every upload DARS validates is one. An application awaits a cohort only until one is accepted
/// (ValidatingCohort goes on to ProducingData, and nothing leads back to AwaitingCohort), and
/// <see cref="Application.Cohort"/> records only the latest upload, so there is never an earlier accepted cohort
/// for a <c>delete</c> row to remove from: <c>delete</c> rows are reported as errors.
/// </para>
/// </summary>
public sealed class ValidateCohortActivity(CohortFiles files, TimeProvider time) : IActivity
{
    public Type EffectType => typeof(ValidateCohort);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var cohort = (ValidateCohort)effect;
        var validator = new CohortValidator(UkTime.DateOf(time.GetUtcNow()));
        CohortSummary summary;
        await using (var upload = await files.OpenUploadAsync(cohort.BlobName, cancellationToken))
        await using (var errors = await files.OpenErrorsWriterAsync(cohort.BlobName, cancellationToken))
        await using (var accepted = await files.OpenAcceptedWriterAsync(cohort.BlobName, cancellationToken))
            summary = await validator.ValidateAsync(upload, cohort.FileName, application.Id, firstSubmission: true, errors, accepted, cancellationToken);

        if (!summary.Accepted) await files.DeleteAcceptedAsync(cohort.BlobName, cancellationToken);
        await files.WriteSummaryAsync(cohort.BlobName, summary, cancellationToken);
        return new CohortValidated(summary.Accepted, summary.TotalRows, summary.ValidRows, summary.InvalidRows, summary.Reason);
    }
}
