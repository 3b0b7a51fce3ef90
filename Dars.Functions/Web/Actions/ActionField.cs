using System.Text.Json.Nodes;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Html;

namespace Dars.Web.Actions;

/// <summary>
/// One field of an action's form: how it renders (an NHS.UK component) and how the typed value becomes
/// the JSON member of the event body, named as in the API (<see cref="Name"/>).
/// </summary>
public abstract record ActionField(string Name, string Label, string? Hint = null)
{
    public abstract IHtmlContent Render(WebForm form);

    /// <summary>Writes the value into the event body; adds a form error when it cannot be read (e.g. not a number).</summary>
    public abstract void Read(WebForm form, JsonObject body);
}

public sealed record TextField(string Name, string Label, string? Hint = null, string? Width = null, bool Long = false, string? Autocomplete = null)
    : ActionField(Name, Label, Hint)
{
    public override IHtmlContent Render(WebForm form) => Long
        ? Nhs.Textarea(form, Name, Label, Hint)
        : Nhs.Input(form, Name, Label, Hint, width: Width, autocomplete: Autocomplete);

    public override void Read(WebForm form, JsonObject body)
    {
        if (form.Trimmed(Name) is { } value) body[Name] = value;
    }
}

/// <summary>A list of short texts, one per line (conditions, required information).</summary>
public sealed record LinesField(string Name, string Label, string? Hint = null) : ActionField(Name, Label, Hint)
{
    public override IHtmlContent Render(WebForm form) => Nhs.Textarea(form, Name, Label, Hint ?? "One on each line", rows: 4);

    public override void Read(WebForm form, JsonObject body)
    {
        var lines = form.Value(Name).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length > 0) body[Name] = new JsonArray(lines.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray());
    }
}

public sealed record NumberField(string Name, string Label, string? Hint = null) : ActionField(Name, Label, Hint)
{
    public override IHtmlContent Render(WebForm form) => Nhs.Input(form, Name, Label, Hint, width: "4", inputMode: "numeric");

    public override void Read(WebForm form, JsonObject body)
    {
        if (form.Trimmed(Name) is not { } value) return;
        if (int.TryParse(value, out var number)) body[Name] = number;
        else form.AddError(Name, $"{Label} must be a whole number, like 12");
    }
}

public sealed record DateField(string Name, string Label, string? Hint = null) : ActionField(Name, Label, Hint ?? "For example, 27 3 2027")
{
    public override IHtmlContent Render(WebForm form) => Nhs.DateInput(form, Name, Label, Hint);

    public override void Read(WebForm form, JsonObject body)
    {
        var (date, error) = Nhs.ReadDate(form, Name, Label);
        if (error is not null) form.AddError(Name, error);
        else if (date is { } d) body[Name] = d.ToString("yyyy-MM-dd");
    }
}

/// <summary>A single yes box whose value is <c>true</c> (e.g. "all copies destroyed").</summary>
public sealed record ConfirmField(string Name, string BoxLabel, string Legend, string? Hint = null) : ActionField(Name, Legend, Hint)
{
    public override IHtmlContent Render(WebForm form) => Nhs.Checkboxes(form, Name, Legend, [new Choice("true", BoxLabel)], Hint);

    public override void Read(WebForm form, JsonObject body)
    {
        if (form.Value(Name) == "true") body[Name] = true;
    }
}

/// <summary>Radios; the fields of the chosen option are revealed under it and only they are sent.</summary>
public sealed record ChoiceField(string Name, string Label, IReadOnlyList<ChoiceOption> Options, string? Hint = null, bool Inline = false)
    : ActionField(Name, Label, Hint)
{
    public override IHtmlContent Render(WebForm form) => Nhs.Radios(form, Name, Label,
        Options.Select(o => new Choice(o.Value, o.Label, o.Hint, o.Reveals.Count == 0 ? null : Join(o.Reveals.Select(f => f.Render(form))))).ToArray(),
        Hint, Inline && Options.All(o => o.Reveals.Count == 0), legendSize: "m");

    public override void Read(WebForm form, JsonObject body)
    {
        // Whatever was chosen goes to the decider, even an option this page no longer offers: it judges.
        if (form.Trimmed(Name) is not { } chosen) return;
        body[Name] = chosen;
        foreach (var field in Options.FirstOrDefault(o => o.Value == chosen)?.Reveals ?? []) field.Read(form, body);
    }

    private static IHtmlContent Join(IEnumerable<IHtmlContent> parts)
    {
        var builder = new HtmlContentBuilder();
        foreach (var part in parts) builder.AppendHtml(part);
        return builder;
    }
}

public sealed record ChoiceOption(string Value, string Label, string? Hint = null, IReadOnlyList<ActionField>? RevealFields = null)
{
    public IReadOnlyList<ActionField> Reveals => RevealFields ?? [];
}

/// <summary>Audit findings: a few rows of type, risk and description; empty rows are left out.</summary>
public sealed record FindingsField(string Name, string Label, int Rows = 3) : ActionField(Name, Label)
{
    private static readonly Choice[] Types = [new("nonconformity", "Nonconformity"), new("observation", "Observation"), new("opportunity", "Opportunity for improvement")];
    private static readonly Choice[] Risks = [new("critical", "Critical", "Suspends access to the data"), new("high", "High"), new("medium", "Medium"), new("low", "Low")];

    public override IHtmlContent Render(WebForm form)
    {
        var builder = new HtmlContentBuilder();
        for (var i = 0; i < Rows; i++)
        {
            builder.AppendHtml($"<fieldset class=\"nhsuk-fieldset\"><legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--m\">Finding {i + 1}{(i == 0 ? "" : " (optional)")}</legend>");
            builder.AppendHtml(Nhs.Radios(form, $"{Name}[{i}].type", $"Finding {i + 1}: type", Types, inline: true));
            builder.AppendHtml(Nhs.Radios(form, $"{Name}[{i}].risk", $"Finding {i + 1}: risk", Risks));
            builder.AppendHtml(Nhs.Textarea(form, $"{Name}[{i}].description", $"Finding {i + 1}: description", rows: 3));
            builder.AppendHtml("</fieldset>");
        }
        return builder;
    }

    public override void Read(WebForm form, JsonObject body)
    {
        var findings = new JsonArray();
        var rowOf = new List<int>(); // the form row of each finding sent
        for (var i = 0; i < Rows; i++)
        {
            var type = form.Trimmed($"{Name}[{i}].type");
            var risk = form.Trimmed($"{Name}[{i}].risk");
            var description = form.Trimmed($"{Name}[{i}].description");
            if (type is null && risk is null && description is null) continue;
            findings.Add(new JsonObject { ["type"] = type, ["risk"] = risk, ["description"] = description });
            rowOf.Add(i);
        }
        body[Name] = findings;

        // Empty rows are left out, so the decider's findings[k] is the form's row rowOf[k]: its errors go there.
        var resolveOther = form.ResolveField;
        form.ResolveField = key =>
            key.StartsWith($"{Name}[", StringComparison.Ordinal) && key.IndexOf(']') is var close and > 0
            && int.TryParse(key.AsSpan(Name.Length + 1, close - Name.Length - 1), out var k) && k >= 0 && k < rowOf.Count
                ? $"{Name}[{rowOf[k]}]{key[(close + 1)..]}"
                : resolveOther?.Invoke(key);
    }
}
