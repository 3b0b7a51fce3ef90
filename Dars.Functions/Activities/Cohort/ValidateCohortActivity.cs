using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Cohort;

/// <summary>
/// Validates an uploaded cohort file (COHORT.md) and stores its summary, error report and accepted rows.
/// Running twice writes the same blobs and reports the same result. Every upload DARS awaits is a first
/// submission: an accepted cohort moves the application on, so there is no earlier cohort to amend.
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
