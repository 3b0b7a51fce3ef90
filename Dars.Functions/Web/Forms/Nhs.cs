using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Dars.Web.Forms;

/// <summary>One choice of a radios or checkboxes group, optionally with a hint and a conditional reveal.</summary>
public sealed record Choice(string Value, string Label, string? Hint = null, IHtmlContent? Conditional = null);

/// <summary>
/// NHS.UK frontend form components (label, hint, error message, input, textarea, radios, checkboxes,
/// date input, error summary) as the design system's own templates write them, bound to a <see cref="WebForm"/>.
/// </summary>
public static class Nhs
{
    private static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");

    public static IHtmlContent ErrorSummary(WebForm form, string? description = null)
    {
        if (!form.HasErrors) return HtmlString.Empty;
        var html = new StringBuilder();
        html.Append("<div class=\"nhsuk-error-summary\" data-module=\"nhsuk-error-summary\"><div role=\"alert\">");
        html.Append("<h2 class=\"nhsuk-error-summary__title\">There is a problem</h2><div class=\"nhsuk-error-summary__body\">");
        if (description is not null) html.Append($"<p>{E(description)}</p>");
        html.Append("<ul class=\"nhsuk-list nhsuk-error-summary__list\">");
        foreach (var (field, message) in form.Errors)
            html.Append($"<li><a href=\"#{E(form.LinkFor?.Invoke(field) ?? WebForm.IdOf(field))}\">{E(message)}</a></li>");
        html.Append("</ul></div></div></div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent Input(WebForm form, string name, string label, string? hint = null, string type = "text",
        string? width = null, string? autocomplete = null, string? inputMode = null, bool labelIsHeading = false, string? spellcheck = null)
    {
        form.Labels.TryAdd(name, label);
        var id = WebForm.IdOf(name);
        var errors = form.ErrorsFor(name);
        var html = new StringBuilder(Group(errors));
        html.Append(Label(id, label, labelIsHeading));
        html.Append(Hint(id, hint)).Append(ErrorMessages(id, errors));
        var classes = "nhsuk-input" + (width is null ? "" : $" nhsuk-input--width-{width}") + (errors.Count > 0 ? " nhsuk-input--error" : "");
        html.Append($"<input class=\"{classes}\" id=\"{id}\" name=\"{E(name)}\" type=\"{type}\" value=\"{E(form.Value(name))}\"");
        if (autocomplete is not null) html.Append($" autocomplete=\"{E(autocomplete)}\"");
        if (inputMode is not null) html.Append($" inputmode=\"{E(inputMode)}\"");
        if (spellcheck is not null) html.Append($" spellcheck=\"{spellcheck}\"");
        html.Append(DescribedBy(id, hint, errors)).Append("></div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent Textarea(WebForm form, string name, string label, string? hint = null, int rows = 5)
    {
        form.Labels.TryAdd(name, label);
        var id = WebForm.IdOf(name);
        var errors = form.ErrorsFor(name);
        var html = new StringBuilder(Group(errors));
        html.Append(Label(id, label, false)).Append(Hint(id, hint)).Append(ErrorMessages(id, errors));
        html.Append($"<textarea class=\"nhsuk-textarea{(errors.Count > 0 ? " nhsuk-textarea--error" : "")}\" id=\"{id}\" name=\"{E(name)}\" rows=\"{rows}\"");
        html.Append(DescribedBy(id, hint, errors)).Append('>').Append(E(form.Value(name))).Append("</textarea></div>");
        return new HtmlString(html.ToString());
    }

    public static IHtmlContent Radios(WebForm form, string name, string legend, IEnumerable<Choice> choices, string? hint = null,
        bool inline = false, string legendSize = "s") =>
        Choices(form, "radio", "nhsuk-radios", name, legend, choices, hint, inline, legendSize);

    public static IHtmlContent Checkboxes(WebForm form, string name, string legend, IEnumerable<Choice> choices, string? hint = null,
        string legendSize = "s") =>
        Choices(form, "checkbox", "nhsuk-checkboxes", name, legend, choices, hint, false, legendSize);

    /// <summary>A date as three fields: <c>name-day</c>, <c>name-month</c>, <c>name-year</c>.</summary>
    public static IHtmlContent DateInput(WebForm form, string name, string legend, string? hint = null)
    {
        form.Labels.TryAdd(name, legend);
        var id = WebForm.IdOf(name);
        var errors = form.ErrorsFor(name);
        var html = new StringBuilder(Group(errors));
        html.Append($"<fieldset class=\"nhsuk-fieldset\" role=\"group\"{DescribedBy(id, hint, errors)}>");
        html.Append($"<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--s\">{E(legend)}</legend>");
        html.Append(Hint(id, hint)).Append(ErrorMessages(id, errors));
        html.Append($"<div class=\"nhsuk-date-input\" id=\"{id}-date\">");
        foreach (var (part, label, width) in new[] { ("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4) })
        {
            var partName = $"{name}-{part}";
            var partId = part == "day" ? id : $"{id}-{part}";
            html.Append("<div class=\"nhsuk-date-input__item\"><div class=\"nhsuk-form-group\">");
            html.Append($"<label class=\"nhsuk-label nhsuk-date-input__label\" for=\"{partId}\">{label}</label>");
            html.Append($"<input class=\"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}{(errors.Count > 0 ? " nhsuk-input--error" : "")}\"");
            html.Append($" id=\"{partId}\" name=\"{E(partName)}\" type=\"text\" inputmode=\"numeric\" value=\"{E(form.Value(partName))}\"></div></div>");
        }
        html.Append("</div></fieldset></div>");
        return new HtmlString(html.ToString());
    }

    /// <summary>Reads a date input back: null when empty; an error when not a real date.</summary>
    public static (DateOnly? Date, string? Error) ReadDate(WebForm form, string name, string label)
    {
        var day = form.Trimmed($"{name}-day");
        var month = form.Trimmed($"{name}-month");
        var year = form.Trimmed($"{name}-year");
        if (day is null && month is null && year is null) return (null, null);
        if (int.TryParse(day, out var d) && int.TryParse(month, out var m) && int.TryParse(year, out var y)
            && y is >= 1900 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
            return (new DateOnly(y, m, d), null);
        return (null, $"{label} must be a real date, for example 27 3 2027");
    }

    public static void WriteDate(WebForm form, string name, DateOnly? date)
    {
        if (date is not { } value) return;
        form.Set($"{name}-day", value.Day.ToString()).Set($"{name}-month", value.Month.ToString()).Set($"{name}-year", value.Year.ToString());
    }

    public static IHtmlContent Tag(string text, string? colour = null) =>
        new HtmlString($"<strong class=\"nhsuk-tag{(colour is null ? "" : " nhsuk-tag--" + colour)}\">{E(text)}</strong>");

    private static IHtmlContent Choices(WebForm form, string type, string block, string name, string legend, IEnumerable<Choice> choices,
        string? hint, bool inline, string legendSize)
    {
        form.Labels.TryAdd(name, legend);
        var id = WebForm.IdOf(name);
        var errors = form.ErrorsFor(name);
        var selected = form.Values(name).ToHashSet(StringComparer.Ordinal);
        var html = new StringBuilder(Group(errors));
        html.Append($"<fieldset class=\"nhsuk-fieldset\"{DescribedBy(id, hint, errors)}>");
        html.Append($"<legend class=\"nhsuk-fieldset__legend nhsuk-fieldset__legend--{legendSize}\">{E(legend)}</legend>");
        html.Append(Hint(id, hint)).Append(ErrorMessages(id, errors));
        var module = block == "nhsuk-radios" ? "nhsuk-radios" : "nhsuk-checkboxes";
        html.Append($"<div class=\"{block}{(inline ? $" {block}--inline" : "")}\" data-module=\"{module}\">");
        var i = 0;
        foreach (var choice in choices)
        {
            var itemId = i == 0 ? id : $"{id}-{i + 1}";
            var conditionalId = $"conditional-{itemId}";
            var isChecked = selected.Contains(choice.Value);
            html.Append($"<div class=\"{block}__item\">");
            html.Append($"<input class=\"{block}__input\" id=\"{itemId}\" name=\"{E(name)}\" type=\"{type}\" value=\"{E(choice.Value)}\"");
            if (isChecked) html.Append(" checked");
            // Radios reveal with DARS's own script: the design system's sets aria-expanded, which a radio may not carry
            // (ARIA 1.2; axe-core's aria-allowed-attr). Checkboxes keep the design system's behaviour.
            if (choice.Conditional is not null) html.Append(type == "radio" ? $" data-dars-controls=\"{conditionalId}\"" : $" aria-controls=\"{conditionalId}\"");
            if (choice.Hint is not null) html.Append($" aria-describedby=\"{itemId}-item-hint\"");
            html.Append('>');
            html.Append($"<label class=\"nhsuk-label {block}__label\" for=\"{itemId}\">{E(choice.Label)}</label>");
            if (choice.Hint is not null) html.Append($"<div class=\"nhsuk-hint {block}__hint\" id=\"{itemId}-item-hint\">{E(choice.Hint)}</div>");
            html.Append("</div>");
            if (choice.Conditional is not null)
            {
                html.Append($"<div class=\"{block}__conditional{(isChecked ? "" : $" {block}__conditional--hidden")}\" id=\"{conditionalId}\">");
                using var writer = new StringWriter();
                choice.Conditional.WriteTo(writer, HtmlEncoder.Default);
                html.Append(writer).Append("</div>");
            }
            i++;
        }
        html.Append("</div></fieldset></div>");
        return new HtmlString(html.ToString());
    }

    private static string Group(IReadOnlyList<string> errors) =>
        $"<div class=\"nhsuk-form-group{(errors.Count > 0 ? " nhsuk-form-group--error" : "")}\">";

    private static string Label(string id, string label, bool isHeading) => isHeading
        ? $"<h1 class=\"nhsuk-label-wrapper\"><label class=\"nhsuk-label nhsuk-label--l\" for=\"{id}\">{E(label)}</label></h1>"
        : $"<label class=\"nhsuk-label\" for=\"{id}\">{E(label)}</label>";

    private static string Hint(string id, string? hint) => hint is null ? "" : $"<div class=\"nhsuk-hint\" id=\"{id}-hint\">{E(hint)}</div>";

    private static string ErrorMessages(string id, IReadOnlyList<string> errors) => errors.Count == 0 ? ""
        : $"<span class=\"nhsuk-error-message\" id=\"{id}-error\"><span class=\"nhsuk-u-visually-hidden\">Error:</span> {E(string.Join(" ", errors))}</span>";

    private static string DescribedBy(string id, string? hint, IReadOnlyList<string> errors)
    {
        var ids = new List<string>();
        if (hint is not null) ids.Add($"{id}-hint");
        if (errors.Count > 0) ids.Add($"{id}-error");
        return ids.Count == 0 ? "" : $" aria-describedby=\"{string.Join(' ', ids)}\"";
    }
}
