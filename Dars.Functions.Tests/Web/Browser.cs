namespace Dars.Tests.Web;

/// <summary>
/// Debian's Chromium, driven by Playwright (its own browser downloads are not used). <c>./dars.sh test</c>
/// installs it when it can; without it the browser tests are skipped with the reason, never failed.
/// </summary>
public static class Browser
{
    public static readonly string? ExecutablePath = new[]
        {
            Environment.GetEnvironmentVariable("DARS_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
        }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public const string SkipReason =
        "Chromium is not installed: run ./dars.sh test as root (it installs the Debian package), or apt-get install -y chromium, or set DARS_CHROMIUM.";
}

/// <summary>A test that drives Chromium: skipped, with the reason, where Chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.ExecutablePath is null) Skip = Browser.SkipReason;
        Timeout = 300_000;
    }
}
