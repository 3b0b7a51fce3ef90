using Dars.Lifecycle.Submission;
using Dars.Runtime;

namespace Dars.Activities.Data;

/// <summary>
/// The catalogue applications are checked against: the datasets named in configuration (<c>Dars:Datasets</c>)
/// overlaid by the stored ones (a stored dataset's header wins over a configured definition of the same id).
/// Kept for <see cref="CacheFor"/>, and refreshed at once after a dataset is stored through this process.
/// </summary>
public sealed class StoredDatasetCatalogue(IEnumerable<DatasetDefinition> configured, DatasetStore store, TimeProvider time) : IDatasetCatalogueSource
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly IReadOnlyList<DatasetDefinition> _configured = configured.ToList();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Cached? _cached;

    public async ValueTask<DatasetCatalogue> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } hit) return hit;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_cached) is { } again) return again;
            var generation = store.Generation;
            var stored = await store.ListAsync(cancellationToken);
            var definitions = _configured.ToDictionary(d => d.Id, StringComparer.Ordinal);
            foreach (var dataset in stored) definitions[dataset.Id] = new DatasetDefinition(dataset.Id, dataset.Fields);
            var catalogue = new DatasetCatalogue(definitions.Values);
            _cached = new Cached(catalogue, time.GetUtcNow() + CacheFor, generation);
            return catalogue;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private DatasetCatalogue? Fresh(Cached? cached) =>
        cached is not null && cached.Generation == store.Generation && time.GetUtcNow() < cached.Until ? cached.Catalogue : null;

    private sealed record Cached(DatasetCatalogue Catalogue, DateTimeOffset Until, long Generation);
}
