using Dars.Activities.Data;
using Dars.Activities.Release;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;
using Dars.Runtime.Instances;

namespace Dars.Activities.Access;

/// <summary>
/// Data production (LIFECYCLE.md "Data production and objections"): joins the accepted cohort (if the
/// application needs one) with each requested dataset, upholds objections unless exempt, and writes one
/// extract per dataset to <c>{applicationId}/{productionId}/{datasetId}.csv</c> in the releases container.
/// The production id comes from the effect id, so a repeated delivery overwrites the same blobs with the
/// same rows. A requested dataset with no stored data, or a missing accepted cohort, fails the activity
/// (retried, then shown as the application's failure for an officer to retry once it is fixed).
/// </summary>
public sealed class ProduceDataActivity(DatasetStore datasets, ObjectionRegister objections, IAcceptedCohortSource cohorts,
    ReleaseStore releases) : IActivity
{
    public Type EffectType => typeof(ProduceData);

    public async Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken)
    {
        var form = application.Form ?? throw new InvalidOperationException("The application has no form to produce data for.");
        var requests = ExtractRequest.From(form);
        var cohort = form.CohortRequired == true ? await LoadCohortAsync(application, cancellationToken) : null;
        var register = ReleaseRegister.UpholdsObjections(form.ObjectionExemption)
            ? await objections.LoadAsync(cancellationToken)
            : ObjectionRegister.Empty;
        var production = new DataProduction(cohort, register, form.ObjectionExemption);
        var productionId = ReleaseStore.ProductionId(application.Id, effectId);

        var extracts = new List<string>();
        foreach (var request in requests)
        {
            await using var dataset = await datasets.OpenAsync(request.DatasetId, cancellationToken)
                ?? throw new InvalidOperationException($"Dataset '{request.DatasetId}' has no stored data; a data producer must upload it.");
            var extract = await releases.WriteExtractAsync(application.Id, productionId, request.DatasetId,
                (output, ct) => production.ExtractAsync(request, dataset, output, ct), cancellationToken);
            extracts.Add(extract.BlobName);
        }
        // Withdrawn or terminated while producing: the revocation took away what was there when it ran, not what this
        // run wrote after it. The data must not outlive the access it was for.
        if (await releases.RevokedSinceAsync(application.Id, OutboxEntry.VersionOf(application.Id, effectId), cancellationToken))
            await releases.DeleteProductionAsync(application.Id, productionId, cancellationToken);

        var summary = production.Summary;
        return new DataProduced(summary.CohortRows, summary.Matched, summary.RemovedType1, summary.RemovedNationalDataOptOut,
            checked((int)summary.ReleasedRows), summary.ObjectionsReason, extracts);
    }

    private async Task<AcceptedCohort> LoadCohortAsync(Application application, CancellationToken cancellationToken)
    {
        if (application.Cohort is not { Status: CohortStatus.Accepted, BlobName: { } blobName })
            throw new InvalidOperationException("The application needs a cohort but none is accepted.");
        await using var rows = await cohorts.OpenAcceptedAsync(blobName, cancellationToken)
            ?? throw new InvalidOperationException("The accepted cohort's rows are not stored.");
        return await AcceptedCohort.LoadAsync(rows, cancellationToken);
    }
}
