using System.Net;
using Dars.Hosting.Runners;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>Health, the OpenAPI document and its UI, and routes that do not exist.</summary>
public sealed class OperationsTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    [Fact]
    public async Task Health_is_200_anonymously_when_storage_answers()
    {
        var response = await app.Anonymous().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (string?)(await Object(response))["status"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_served_anonymously_and_lists_the_routes()
    {
        var response = await app.Anonymous().GetAsync("/api/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await Object(response);
        Assert.StartsWith("3.", (string?)document["openapi"]);
        var paths = document["paths"]!.AsObject();
        var expected = new (string Path, string Method)[]
        {
            ("/api/enquiries", "post"),
            ("/api/applications", "post"),
            ("/api/applications", "get"),
            ("/api/applications/{id}", "get"),
            ("/api/applications/{id}/history", "get"),
            ("/api/applications/{id}/events/{eventName}", "post"),
            ("/api/health", "get"),
            ("/api/dev/clock", "post"),
        };
        foreach (var (path, method) in expected)
        {
            Assert.True(paths.ContainsKey(path), $"OpenAPI has no path {path}; it has {string.Join(", ", paths.Select(p => p.Key))}");
            Assert.True(paths[path]!.AsObject().ContainsKey(method), $"OpenAPI has no {method} {path}");
        }
        var list = paths["/api/applications"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).ToArray();
        foreach (var parameter in new[] { "state", "stage", "slaStatus", "organisation", "top", "continuationToken" })
            Assert.Contains(parameter, list);
    }

    [Fact]
    public async Task The_browsable_API_docs_are_served_anonymously_as_HTML()
    {
        var response = await app.Anonymous().GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/applications/NIC-123456/unknown")]
    public async Task An_unknown_route_under_api_is_a_404_problem(string path)
    {
        await AssertProblem(await app.Anonymous().GetAsync(path), HttpStatusCode.NotFound);
        await AssertProblem(await app.Officer().GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_method_a_route_does_not_take_is_405_problem()
    {
        var response = await app.Officer().DeleteAsync("/api/applications");
        await AssertProblem(response, HttpStatusCode.MethodNotAllowed);
    }
}

/// <summary>POST /api/dev/clock, in Development and elsewhere. Its own app: moving the clock must not disturb other tests.</summary>
public sealed class DevClockTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    [Fact]
    public async Task Advancing_moves_the_apps_clock_forward_by_whole_days()
    {
        var client = app.ClientAs("dev", "Auditor");

        var first = await client.PostAsync("/api/dev/clock", System.Net.Http.Json.JsonContent.Create(new { advanceDays = 3 }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var now = DateTimeOffset.Parse((string)(await Object(first))["now"]!);
        Assert.Equal(app.Time.GetUtcNow().AddDays(3), now);

        var second = await client.PostAsync("/api/dev/clock", System.Net.Http.Json.JsonContent.Create(new { advanceDays = 1 }));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(now.AddDays(1), DateTimeOffset.Parse((string)(await Object(second))["now"]!));

        // The app now dates its work by the moved clock.
        var enquiry = await app.Applicant("C01").PostAsync("/api/enquiries", System.Net.Http.Json.JsonContent.Create(new
        {
            organisation = new { odsCode = "C01", name = "Clock Trust" },
            contact = new { name = "C", email = "c@example.nhs.uk" },
            title = "When?", question = "What day is it?",
        }));
        Assert.Equal(HttpStatusCode.Created, enquiry.StatusCode);
        Assert.Equal(now.AddDays(1), DateTimeOffset.Parse((string)(await Object(enquiry))["createdAt"]!));
    }

    [Theory]
    [InlineData("{\"advanceDays\": 0}")]
    [InlineData("{\"advanceDays\": 3651}")]
    [InlineData("{\"advanceDays\": -1}")]
    [InlineData("{}")]
    [InlineData("{\"advanceDays\": \"soon\"}")]
    public async Task Days_outside_1_to_3650_are_422(string body)
    {
        var response = await app.ClientAs("dev", "CaseOfficer").PostAsync("/api/dev/clock",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertValidation(response, "advanceDays");
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var response = await app.Anonymous().PostAsync("/api/dev/clock", System.Net.Http.Json.JsonContent.Create(new { advanceDays = 1 }));
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Outside_Development_it_is_404()
    {
        using var factory = new DarsFactory();
        using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var client = production.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("dev", "X26", "CaseOfficer"));

        var response = await client.PostAsync("/api/dev/clock", System.Net.Http.Json.JsonContent.Create(new { advanceDays = 1 }));

        await AssertProblem(response, HttpStatusCode.NotFound);
        // The same app answers its other routes: the 404 is the clock's absence, not a broken app.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/applications")).StatusCode);
        var openApi = await Object(await client.GetAsync("/api/openapi/v1.json"));
        Assert.False(openApi["paths"]!.AsObject().ContainsKey("/api/dev/clock"));
    }
}

/// <summary>GET /api/health when storage does not answer.</summary>
public sealed class StorageDownTests
{
    /// <summary>Endpoints on a closed local port: every call is refused at once.</summary>
    public const string Unreachable =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;"
        + "TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    /// <summary>The app without the start-up step that creates tables (which cannot succeed here).</summary>
    private sealed class WithoutStorageInitializer : DarsFactory
    {
        protected override void ConfigureServices(IServiceCollection services)
        {
            foreach (var initializer in services.Where(d => d.ImplementationType == typeof(StorageInitializer)).ToArray())
                services.Remove(initializer);
        }
    }

    [Fact]
    public async Task Health_is_a_503_problem_when_storage_does_not_answer()
    {
        using var app = new WithoutStorageInitializer().With("AzureWebJobsStorage", Unreachable).With("Dars:Runtime:RunBackgroundRunners", "false");

        var response = await app.CreateClient().GetAsync("/api/health");

        await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Health_is_a_503_problem_when_the_app_starts_without_storage()
    {
        using var app = new DarsFactory().With("AzureWebJobsStorage", Unreachable).With("Dars:Runtime:RunBackgroundRunners", "false");

        var response = await app.CreateClient().GetAsync("/api/health");

        await AssertProblem(response, HttpStatusCode.ServiceUnavailable);
    }
}
