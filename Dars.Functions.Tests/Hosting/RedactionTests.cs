using System.Diagnostics;
using Dars.Hosting.Telemetry;
using Dars.Runtime;
using Dars.Runtime.Diagnostics;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Dars.Tests.Hosting;

/// <summary>No NHS number, name, date of birth or postcode leaves the app in a log or a trace.</summary>
public sealed class RedactionTests
{
    private const string Personal = "Patient 943 476 5919 (jo.bloggs@example.com), born 1970-01-31, of SW1A 1AA";
    private static readonly string[] Leaks = ["943 476 5919", "9434765919", "jo.bloggs@example.com", "1970-01-31", "SW1A 1AA"];

    [Theory]
    [InlineData("9434765919", "*******919")]
    [InlineData("NHS_NO 943 476 5919 invalid", "NHS_NO *******919 invalid")]
    [InlineData("write to a.b@nhs.net", "write to [email]")]
    [InlineData("born 2001/02/03", "born [date]")]
    [InlineData("lives at LS1 4AP now", "lives at [postcode] now")]
    [InlineData("NIC-123456 moved to version 12", "NIC-123456 moved to version 12")]
    public void The_redactor_masks_identifiers_and_leaves_references_alone(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text));

    [Fact]
    public void The_console_log_format_masks_personal_data()
    {
        var output = new StringWriter();
        new RedactingConsoleFormatter().Write(
            new LogEntry<string>(LogLevel.Warning, "Dars.Test", default, Personal, new InvalidOperationException(Personal), (s, _) => s),
            null, output);

        Assert.DoesNotContain(Leaks, leak => output.ToString().Contains(leak));
        Assert.Contains("*******919", output.ToString());
    }

    [Fact]
    public async Task Exported_logs_and_traces_of_the_running_app_carry_no_personal_data()
    {
        var spans = new LockedList<Activity>();
        var logs = new LockedList<LogRecord>();
        using var app = new TelemetryFactory(spans, logs);
        _ = app.Server;

        app.Service<ILoggerFactory>().CreateLogger("Dars.Test").LogWarning("Activity failed: {Error}", Personal);
        using (var span = ApplicationRuntime.Tracing.StartActivity("command " + Personal))
            span?.SetTag("dars.error", Personal);
        var response = await app.ClientAs("olivia", "CaseOfficer").GetAsync($"/api/applications/NIC-000001?note={Uri.EscapeDataString(Personal)}");
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();

        var exported = string.Join("\n",
            spans.Snapshot().SelectMany(s => new[] { s.DisplayName }.Concat(s.TagObjects.Select(t => $"{t.Key}={t.Value}"))).Concat(
            logs.Snapshot().SelectMany(l => new[] { l.FormattedMessage, l.Body }.Concat(l.Attributes?.Select(a => $"{a.Key}={a.Value}") ?? []))));
        Assert.Contains("*******919", exported);
        Assert.DoesNotContain(Leaks, leak => exported.Contains(leak));
        Assert.Contains(spans.Snapshot(), s => s.DisplayName.StartsWith("command ", StringComparison.Ordinal));
    }

    /// <summary>The exporters add from their own threads while the test reads.</summary>
    private sealed class LockedList<T> : System.Collections.ObjectModel.Collection<T>
    {
        public T[] Snapshot() { lock (this) return [.. this]; }
        protected override void InsertItem(int index, T item) { lock (this) base.InsertItem(index, item); }
    }

    private sealed class TelemetryFactory(ICollection<Activity> spans, ICollection<LogRecord> logs) : DarsFactory
    {
        protected override void ConfigureServices(IServiceCollection services)
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
            services.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(logs));
        }
    }
}
