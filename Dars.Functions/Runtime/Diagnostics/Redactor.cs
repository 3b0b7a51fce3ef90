using System.Text.RegularExpressions;

namespace Dars.Runtime.Diagnostics;

/// <summary>
/// Masks what could identify a patient or a person before text reaches a log, a trace or an event:
/// NHS numbers (last three digits kept), dates of birth, postcodes and email addresses.
/// </summary>
public static partial class Redactor
{
    public static string Redact(string text)
    {
        text = NhsNumber().Replace(text, m => "*******" + Regex.Replace(m.Value, @"\D", "")[^3..]);
        text = Email().Replace(text, "[email]");
        text = Date().Replace(text, "[date]");
        return Postcode().Replace(text, "[postcode]");
    }

    [GeneratedRegex(@"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")]
    private static partial Regex NhsNumber();

    [GeneratedRegex(@"[^@\s]+@[^@\s]+\.[^@\s]+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(18|19|20)\d{2}[-/](0[1-9]|1[0-2])[-/](0[1-9]|[12]\d|3[01])\b")]
    private static partial Regex Date();

    [GeneratedRegex(@"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Postcode();
}
