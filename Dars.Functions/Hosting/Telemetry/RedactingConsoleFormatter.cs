using Dars.Runtime.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Dars.Hosting.Telemetry;

/// <summary>The local console's log format: one line per entry, personal data masked like every other log.</summary>
public sealed class RedactingConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "dars";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is { } e) message += $" ({e.GetType().Name}: {e.Message})";
        textWriter.WriteLine($"{Level(logEntry.LogLevel)} {logEntry.Category}: {Redactor.Redact(message)}");
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
        LogLevel.Warning => "warn", LogLevel.Error => "fail", _ => "crit",
    };
}
