using System.Net.Http.Headers;
using Dars.Runtime.Clock;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dars.Tests.Infrastructure;

/// <summary>
/// The whole app in Development, over real HTTP handling, on the test Azurite with its own names, a
/// clock the test holds, the tests' signing key and quick retry settings.
/// </summary>
public class DarsFactory : WebApplicationFactory<Program>
{
    /// <summary>A Monday morning in UK winter time, so dates read plainly.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);
    public string Prefix { get; } = TestStorage.NewPrefix();
    private readonly Dictionary<string, string?> _settings = new();

    public DarsFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("AzureWebJobsStorage", TestStorage.ConnectionString);
        builder.UseSetting("Dars:Storage:NamePrefix", Prefix);
        builder.UseSetting("Authentication:Schemes:Bearer:ValidIssuer", TestTokens.Issuer);
        builder.UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", TestTokens.Audience);
        builder.UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", TestTokens.Issuer);
        builder.UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", TestTokens.KeyBase64);
        builder.UseSetting("Dars:Runtime:QueuePollInterval", "00:00:00.050");
        builder.UseSetting("Dars:Runtime:ActivityBaseBackoff", "00:00:00.100");
        builder.UseSetting("Dars:Runtime:ActivityMaxBackoff", "00:00:00.400");
        builder.UseSetting("Dars:Runtime:ActivityMaxAttempts", "3");
        builder.UseSetting("Dars:Runtime:OutboxSweepInterval", "00:00:01");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Dars:Telemetry:Console", "false");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new DevClock(Time));
            ConfigureServices(services);
        });
    }

    /// <summary>Replace services (e.g. a failing notification sender) in a derived factory.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public HttpClient ClientAs(string subject, string role, string? org = null) => ClientWithRoles(subject, org, role);

    /// <summary>A person holding several roles at once (a token with one <c>role</c> claim each).</summary>
    public HttpClient ClientWithRoles(string subject, string? org, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(subject, org, roles));
        return client;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();
}
