namespace Dars.Lifecycle.Submission;

/// <summary>A dataset that may be requested, and the fields it offers.</summary>
public sealed record DatasetDefinition(string Id, IReadOnlyList<string> Fields);

/// <summary>The datasets the decider checks requests against: a lookup passed in, never fetched.</summary>
public sealed class DatasetCatalogue
{
    private readonly Dictionary<string, HashSet<string>> _fields;

    public DatasetCatalogue(IEnumerable<DatasetDefinition> datasets) =>
        _fields = datasets.ToDictionary(d => d.Id, d => new HashSet<string>(d.Fields, StringComparer.Ordinal), StringComparer.Ordinal);

    public static readonly DatasetCatalogue Empty = new([]);

    public bool Has(string datasetId) => _fields.ContainsKey(datasetId);

    public bool HasField(string datasetId, string field) => _fields.TryGetValue(datasetId, out var f) && f.Contains(field);

    public IEnumerable<string> Ids => _fields.Keys;
}
