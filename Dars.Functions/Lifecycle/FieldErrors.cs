namespace Dars.Lifecycle;

/// <summary>Collects validation messages by field path (camelCase, as the request spelled it).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    /// <summary>Adds "required" when the value is null or blank; returns whether it was present.</summary>
    public bool Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, $"{field} is required."); return false; }
        if (value.Length > maxLength) { Add(field, $"{field} must be at most {maxLength} characters."); return false; }
        return true;
    }

    public void OneOf(string field, string? value, IReadOnlyList<string> allowed, bool required = true)
    {
        if (value is null) { if (required) Add(field, $"{field} is required: one of {string.Join(", ", allowed)}."); return; }
        if (!allowed.Contains(value)) Add(field, $"'{value}' is not allowed; use one of {string.Join(", ", allowed)}.");
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
