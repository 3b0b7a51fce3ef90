using Microsoft.Extensions.Primitives;

namespace Dars.Web.Forms;

/// <summary>
/// The values a person typed and the errors to show with them. Field names are the JSON paths of the
/// command (<c>contact.email</c>, <c>legalBasis.article6</c>), so the decider's field errors land on
/// the field that caused them.
/// </summary>
public sealed class WebForm
{
    private readonly Dictionary<string, StringValues> _values = new(StringComparer.Ordinal);
    private readonly List<(string Field, string Message)> _errors = [];

    /// <summary>Field labels, so an error summary reads "Title is required" rather than "title is required".</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>Maps an error key the decider uses to the field that shows it (for keys that are not field names).</summary>
    public Func<string, string?>? ResolveField { get; set; }

    /// <summary>Where the error summary links for a field (default: the field itself), e.g. a "Change" button on a check page.</summary>
    public Func<string, string>? LinkFor { get; set; }

    /// <summary>The values, for carrying them across the pages of a multi-page form.</summary>
    public IEnumerable<KeyValuePair<string, StringValues>> All => _values;

    /// <summary>Keeps only the errors for which <paramref name="keep"/> holds.</summary>
    public void KeepErrors(Func<string, bool> keep) => _errors.RemoveAll(e => !keep(e.Field));

    public static WebForm From(IFormCollection form)
    {
        var web = new WebForm();
        foreach (var (key, value) in form)
            if (key != "__RequestVerificationToken") web._values[key] = value;
        return web;
    }

    public string Value(string name) => _values.TryGetValue(name, out var v) ? v.ToString() : "";

    public IReadOnlyList<string> Values(string name) =>
        _values.TryGetValue(name, out var v) ? v.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray() : [];

    public bool Has(string name) => _values.ContainsKey(name);

    public WebForm Set(string name, string? value)
    {
        _values[name] = value ?? "";
        return this;
    }

    public WebForm Set(string name, IEnumerable<string> values)
    {
        _values[name] = new StringValues(values.ToArray());
        return this;
    }

    public string? Trimmed(string name) => Value(name).Trim() is { Length: > 0 } s ? s : null;

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<(string Field, string Message)> Errors => _errors;

    public void AddError(string field, string message) => _errors.Add((field, message));

    /// <summary>Adds the decider's field errors, each on the field it names (or the nearest one that exists).</summary>
    public void AddErrors(IReadOnlyDictionary<string, string[]>? errors, string fallbackField)
    {
        if (errors is null) return;
        foreach (var (key, messages) in errors)
        {
            var field = Resolve(key) ?? fallbackField;
            foreach (var message in messages) _errors.Add((field, Readable(key, field, message)));
        }
    }

    public IReadOnlyList<string> ErrorsFor(string field) => _errors.Where(e => e.Field == field).Select(e => e.Message).ToArray();

    public static string IdOf(string name)
    {
        var chars = name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray();
        return new string(chars).Trim('-');
    }

    private string? Resolve(string key)
    {
        if (ResolveField?.Invoke(key) is { } custom) return custom;
        var candidate = key;
        while (candidate.Length > 0)
        {
            if (Labels.ContainsKey(candidate)) return candidate;
            var cut = Math.Max(candidate.LastIndexOf('.'), candidate.LastIndexOf('['));
            if (cut <= 0) break;
            candidate = candidate[..cut];
        }
        return Labels.ContainsKey(candidate) ? candidate : null;
    }

    /// <summary>"contact.email must be …" reads "Contact email must be …" when the field has a label.</summary>
    private string Readable(string key, string field, string message)
    {
        if (!Labels.TryGetValue(field, out var label)) return message;
        foreach (var prefix in new[] { key, field })
            if (message.StartsWith(prefix + " ", StringComparison.Ordinal))
                return label + message[prefix.Length..];
        return message;
    }
}
