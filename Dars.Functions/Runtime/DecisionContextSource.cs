using Dars.Lifecycle;
using Dars.Lifecycle.Sla;
using Dars.Lifecycle.Submission;

namespace Dars.Runtime;

/// <summary>Where the datasets that may be requested come from.</summary>
public interface IDatasetCatalogueSource
{
    ValueTask<DatasetCatalogue> GetAsync(CancellationToken cancellationToken);
}

/// <summary>Gathers what the decider needs (now, datasets, options) just before a decision.</summary>
public sealed class DecisionContextSource(TimeProvider time, IDatasetCatalogueSource datasets, LifecycleOptions options, WorkingCalendar calendar)
{
    public async ValueTask<DecisionContext> CreateAsync(CancellationToken cancellationToken) =>
        new(time.GetUtcNow(), await datasets.GetAsync(cancellationToken), options, calendar);
}
