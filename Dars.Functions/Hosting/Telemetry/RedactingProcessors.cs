using System.Diagnostics;
using Dars.Runtime.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Dars.Hosting.Telemetry;

/// <summary>
/// Masks personal data in every span's name, tags and status before any exporter sees it (DARS spans
/// record no events; exceptions are not recorded on spans).
/// </summary>
public sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        activity.DisplayName = Redactor.Redact(activity.DisplayName);
        foreach (var tag in activity.TagObjects.ToArray())
            if (tag.Value is string text && Redactor.Redact(text) is var redacted && redacted != text)
                activity.SetTag(tag.Key, redacted);
        if (activity.StatusDescription is { } status) activity.SetStatus(activity.Status, Redactor.Redact(status));
    }
}

/// <summary>Masks personal data in every log record's message, body and attributes before any exporter sees it.</summary>
public sealed class RedactingLogProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord record)
    {
        if (record.FormattedMessage is { } message) record.FormattedMessage = Redactor.Redact(message);
        if (record.Body is { } body) record.Body = Redactor.Redact(body);
        if (record.Attributes is { } attributes)
            record.Attributes = attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value is string s ? Redactor.Redact(s) : a.Value)).ToList();
        if (record.Exception is { } exception)
            record.Attributes = [.. record.Attributes ?? [], new("exception.redacted", Redactor.Redact($"{exception.GetType().Name}: {exception.Message}"))];
        record.Exception = null;
    }
}
