using System.Text.Json;
using Dars.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dars.Tests.Web;

/// <summary>
/// The whole app on Kestrel (a real port, so a real browser can reach it) on the test Azurite, and one
/// headless Chromium. Each person gets their own browser context (their own cookies).
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public DarsFactory App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _axe;

    /// <summary>Every page checked, and the serious or critical violations found (asserted empty by the tests).</summary>
    public List<string> Checked { get; } = [];
    public List<string> Violations { get; } = [];

    public static string RepositoryRoot { get; } = FindRoot();

    public async Task InitializeAsync()
    {
        if (Browser.ExecutablePath is null) return;
        App.UseKestrel(0);
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Browser.ExecutablePath,
            Headless = true,
            Args = Browser.Arguments,
        });
        _axe = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "node_modules", "axe-core", "axe.min.js"));
    }

    /// <summary>A new browser context signed in through the development sign-in page.</summary>
    public async Task<IPage> SignInAsync(string user, string role, string? organisation = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        // Nothing leaves the machine: the NHS fonts' CDN is not reachable here, the system fonts stand in.
        await context.RouteAsync(url => !url.StartsWith(BaseUrl, StringComparison.Ordinal) && !url.Contains("127.0.0.1"), route => route.AbortAsync());
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await CheckAsync(page, "sign-in");
        await ScreenshotAsync(page, "sign-in");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByRole(AriaRole.Radio, new() { Name = Display(role), Exact = true }).CheckAsync();
        if (organisation is not null) await page.GetByLabel("Organisation (ODS code)").FillAsync(organisation);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/applications");
        return page;
    }

    private static string Display(string role) => role switch { "CaseOfficer" => "Case officer", "DataProducer" => "Data producer", _ => role };

    /// <summary>axe-core on the page as it is now: serious and critical WCAG 2.2 A/AA violations are collected.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = _axe });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }))" +
            ".violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))");
        lock (Checked) Checked.Add($"{name} ({page.Url})");
        foreach (var violation in result.EnumerateArray())
        {
            var impact = violation.GetProperty("impact").GetString();
            if (impact is "serious" or "critical")
                lock (Violations) Violations.Add($"{name}: {violation.GetProperty("id")} ({impact}) {violation.GetProperty("help")} at {violation.GetProperty("nodes")}");
        }
    }

    /// <summary>The screenshots the README shows (docs/screenshots); the others stay in .artifacts/screenshots.</summary>
    public static readonly IReadOnlySet<string> Documented = new HashSet<string>
    {
        "sign-in", "application-form-errors", "check-your-answers", "application-submitted", "work-queue",
        "application-under-assessment", "approval-decision", "application-active", "release", "lifecycle", "cohort-rejected",
    };

    /// <summary>A screenshot under .artifacts/screenshots, and for the documented ones under docs/screenshots with DARS_WRITE_DOCS=1.</summary>
    public async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var artifacts = Path.Combine(RepositoryRoot, ".artifacts", "screenshots", $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(artifacts)!);
        // The top of the page (up to 1600 px), or all of it.
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = artifacts,
            FullPage = true,
            Clip = fullPage ? null : new Clip { X = 0, Y = 0, Width = 1280, Height = Math.Min(1600, await page.EvaluateAsync<int>("document.documentElement.scrollHeight")) },
        });
        if (Environment.GetEnvironmentVariable("DARS_WRITE_DOCS") == "1" && Documented.Contains(name))
        {
            var docs = Path.Combine(RepositoryRoot, "docs", "screenshots", $"{name}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(artifacts, docs, overwrite: true);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dars.sln"))) return dir.FullName;
        throw new InvalidOperationException("Dars.sln not found above " + AppContext.BaseDirectory);
    }
}
