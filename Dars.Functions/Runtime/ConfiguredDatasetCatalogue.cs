using Dars.Lifecycle.Submission;

namespace Dars.Runtime;

/// <summary>The datasets named in configuration (<c>Dars:Datasets</c>): the catalogue an application is checked against.</summary>
public sealed class ConfiguredDatasetCatalogue(IEnumerable<DatasetDefinition> datasets) : IDatasetCatalogueSource
{
    private readonly DatasetCatalogue _catalogue = new(datasets);

    public ValueTask<DatasetCatalogue> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_catalogue);
}
