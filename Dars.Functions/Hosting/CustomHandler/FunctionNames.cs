namespace Dars.Hosting.CustomHandler;

/// <summary>
/// The functions of the Functions app, named as their folders under <c>functions/</c>. Each non-HTTP
/// function is served at <c>POST /{name}</c> in custom-handler mode; a test checks the two lists agree.
/// </summary>
public static class FunctionNames
{
    /// <summary>The HTTP API: forwarded by the host as-is (<c>enableForwardingHttpRequest</c>).</summary>
    public const string Api = "Api";

    /// <summary>The web pages and their assets: every other path, forwarded as-is like the API.</summary>
    public const string Web = "Web";

    /// <summary>Queue trigger on the activity queue.</summary>
    public const string Activities = "Activities";

    /// <summary>Timer trigger every minute: fires due durable timers.</summary>
    public const string DueTimers = "DueTimers";

    /// <summary>Timer trigger daily: the SLA check.</summary>
    public const string DailyChecks = "DailyChecks";

    /// <summary>Timer trigger every few minutes: dispatches outbox entries a crash left behind.</summary>
    public const string OutboxSweep = "OutboxSweep";

    public static readonly IReadOnlyList<string> Invoked = [Activities, DueTimers, DailyChecks, OutboxSweep];

    public static readonly IReadOnlyList<string> All = [Api, Web, .. Invoked];
}
