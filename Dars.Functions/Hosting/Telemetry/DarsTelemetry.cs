using Azure.Monitor.OpenTelemetry.Exporter;
using Dars.Runtime;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dars.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry traces and logs: a span per HTTP request, per command and per activity; Azure Monitor
/// when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, the console otherwise (when
/// <c>Dars:Telemetry:Console</c> is on). Every record passes the redaction processors first.
/// </summary>
public static class DarsTelemetry
{
    public static void AddDarsTelemetry(this WebApplicationBuilder builder)
    {
        var appInsights = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var console = builder.Configuration.GetValue("Dars:Telemetry:Console", builder.Environment.IsDevelopment());

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = RedactingConsoleFormatter.Name).AddConsoleFormatter<RedactingConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("dars-functions"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ApplicationRuntime.Tracing.Name).AddAspNetCoreInstrumentation().AddProcessor(new RedactingActivityProcessor());
                if (!string.IsNullOrEmpty(appInsights)) tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                else if (console) tracing.AddConsoleExporter();
            });
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.AddProcessor(new RedactingLogProcessor());
            if (!string.IsNullOrEmpty(appInsights)) logging.AddAzureMonitorLogExporter(o => o.ConnectionString = appInsights);
        });
    }
}
