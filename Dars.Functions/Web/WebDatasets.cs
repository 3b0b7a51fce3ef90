using Dars.Activities.Data;
using Dars.Lifecycle.Submission;

namespace Dars.Web;

/// <summary>
/// The datasets an applicant may choose, with their fields: the configured ones overlaid by the stored
/// ones, as <see cref="StoredDatasetCatalogue"/> gives them to the decider.
/// </summary>
public sealed class WebDatasets(IConfiguration configuration, DatasetStore store)
{
    private readonly IReadOnlyList<DatasetDefinition> _configured = configuration.GetSection("Dars:Datasets").Get<DatasetDefinition[]>() ?? [];

    public async Task<IReadOnlyList<DatasetDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        var definitions = _configured.ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var stored in await store.ListAsync(cancellationToken))
            definitions[stored.Id] = new DatasetDefinition(stored.Id, stored.Fields);
        return definitions.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
    }
}
