using System.Net;
using System.Net.Http.Headers;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Tests.Api;
using Dars.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Dars.Tests.Web;

/// <summary>
/// The web interface over HTTP (no browser): cookie sign-in beside the API's bearer, HTML error pages,
/// the decider's answers on the pages, and one path for commands (what a page does shows in the API).
/// </summary>
public sealed class WebInterfaceTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    private static readonly DateOnly Today = UkTime.DateOf(DarsFactory.Start);

    [Fact]
    public async Task The_work_queue_says_when_there_are_more_breached_applications_than_it_lists_at_its_top()
    {
        // 101 breached: one more than the top of the queue lists. Exactly 100 at risk: all listed, nothing more to say.
        using var fresh = new DarsFactory();
        var storage = fresh.Service<Dars.Runtime.Storage.StorageClients>();
        var index = storage.Tables.GetTableClient(storage.Options.IndexTable);
        await Task.WhenAll(Enumerable.Range(0, 201).Select(i => i < 101 ? ("breached", $"NIC-9{i:D5}") : ("at-risk", $"NIC-8{i:D5}"))
            .Select(row => index.UpsertEntityAsync(new Azure.Data.Tables.TableEntity($"sla:{row.Item1}", row.Item2)
            {
                ["State"] = "UnderAssessment", ["Stage"] = "Application", ["SlaStatus"] = row.Item1, ["Organisation"] = "Q01", ["Title"] = "t",
                ["Version"] = 3L, ["CreatedAt"] = DarsFactory.Start, ["LastUpdatedAt"] = DarsFactory.Start,
            })));
        var web = new WebClient(fresh);
        await web.SignInAsync("olivia", "CaseOfficer");

        var html = await web.GetHtmlAsync("/applications");

        Assert.Contains("There are more than 100 breached applications: <a href=\"/applications?slaStatus=breached\">see them all</a>", html);
        Assert.DoesNotContain("more than 100 at-risk", html);
        Assert.Equal(100, System.Text.RegularExpressions.Regex.Matches(html, "NIC-9\\d{5}").Select(m => m.Value).Distinct().Count());
        Assert.Equal(100, System.Text.RegularExpressions.Regex.Matches(html, "NIC-8\\d{5}").Select(m => m.Value).Distinct().Count());
    }

    [Fact]
    public async Task A_cohort_upload_sent_twice_is_taken_once_and_the_second_is_not_refused()
    {
        var runtime = app.Service<ApplicationRuntime>();
        var id = (await Journey.ToAgreementStartedAsync(runtime, Today, cohortRequired: true)).Id;
        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "X26");
        var fields = new Dictionary<string, string> { ["idempotencyKey"] = "web-cohort-" + id };
        const string csv = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS\nP1,9434765919,,,,1970-01-31,,add\n";

        var first = await web.PostFileAsync($"/applications/{id}/cohort", fields, "file", $"{id}_c.csv", csv);
        var second = await web.PostFileAsync($"/applications/{id}/cohort", fields, "file", $"{id}_c.csv", csv);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.True(HttpStatusCode.Redirect == second.StatusCode, await second.Content.ReadAsStringAsync());
        var history = await runtime.GetHistoryAsync(id, Journey.Olivia, default);
        Assert.Single(history!, e => e.Data is CohortUploaded);
    }

    [Fact]
    public async Task A_cohort_form_sent_again_with_another_file_of_the_same_name_and_size_is_told_it_already_uploaded_one()
    {
        // The page opened again with Back keeps its key: a corrected file of the same length is not the same upload.
        var runtime = app.Service<ApplicationRuntime>();
        var id = (await Journey.ToAgreementStartedAsync(runtime, Today, cohortRequired: true)).Id;
        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "X26");
        var fields = new Dictionary<string, string> { ["idempotencyKey"] = "web-cohort-back-" + id };
        const string header = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS\n";

        var first = await web.PostFileAsync($"/applications/{id}/cohort", fields, "file", $"{id}_c.csv", header + "P1,9434765919,,,,1970-01-31,,add\n");
        var second = await web.PostFileAsync($"/applications/{id}/cohort", fields, "file", $"{id}_c.csv", header + "P2,9434765919,,,,1970-01-31,,add\n");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("This page already uploaded a different file", await second.Content.ReadAsStringAsync());
        Assert.Single((await runtime.GetHistoryAsync(id, Journey.Olivia, default))!, e => e.Data is CohortUploaded);
    }

    [Fact]
    public async Task The_enquiry_form_sent_twice_opens_one_enquiry()
    {
        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "W05");
        var fields = new Dictionary<string, string>
        {
            ["organisation.name"] = "Example University", ["contact.name"] = "Dr A Researcher", ["contact.email"] = "a@example.ac.uk",
            ["title"] = "Linking deaths", ["question"] = "Can we link deaths to admissions?", ["idempotencyKey"] = "web-enquiry-" + Guid.NewGuid().ToString("N"),
        };

        var first = await web.PostFormAsync("/enquiries/new", fields);
        var second = await web.PostFormAsync("/enquiries/new", fields);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.StartsWith("/applications/NIC-", first.Headers.Location!.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
    }

    [Fact]
    public async Task A_development_sign_in_gives_a_cookie_for_the_pages_that_the_api_does_not_accept()
    {
        var web = new WebClient(app);
        var signIn = await web.GetHtmlAsync("/sign-in");
        Assert.Contains("Sign in (development)", signIn);

        await web.SignInAsync("alice", "Applicant", "X26");
        var list = await web.GetHtmlAsync("/applications");
        Assert.Contains("Your organisation&#x27;s applications", list);
        Assert.Contains("alice (Applicant, X26)", list);

        // The API keeps its bearer: a cookie is not a token (so no cross-site request can use it there).
        var api = await web.Http.GetAsync("/api/applications");
        await ApiKit.AssertProblem(api, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Pages_need_a_sign_in_and_the_api_still_answers_401_problem_details()
    {
        var web = new WebClient(app);
        var page = await web.Http.GetAsync("/applications");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/sign-in", page.Headers.Location!.PathAndQuery);
        await ApiKit.AssertProblem(await app.CreateClient().GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_pages_are_html_404_pages_and_unknown_api_routes_stay_problem_details()
    {
        var web = new WebClient(app);
        var page = await web.Http.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync());
        await ApiKit.AssertProblem(await app.ClientAs("olivia", "CaseOfficer").GetAsync("/api/no-such-route"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_application_forms_None_for_Article_9_is_still_chosen_when_its_page_comes_back()
    {
        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "X26");

        // Back from page 5 to page 4, with page 4's answers carried as the form carries them.
        var page = await web.PostFormAsync("/applications/new", new()
        {
            ["step"] = "5", ["action"] = "back", ["legalBasis.article6"] = "6(1)(e) public task", ["legalBasis.article9"] = "none",
        });

        var html = await page.Content.ReadAsStringAsync();
        Assert.Matches("name=\"legalBasis.article9\" type=\"radio\" value=\"none\" checked", html);
    }

    [Fact]
    public async Task The_sign_in_form_reports_its_errors_in_an_error_summary()
    {
        var web = new WebClient(app);
        var response = await web.PostFormAsync("/sign-in", new() { ["user"] = "", ["role"] = "Applicant", ["org"] = "" });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("nhsuk-error-summary", html);
        Assert.Contains("href=\"#user\">Enter a user name", html);
        Assert.Contains("href=\"#org\">Enter your organisation", html);
        Assert.Contains("<title>Error: ", html);
    }

    [Fact]
    public async Task The_application_form_shows_the_deciders_field_errors_and_an_action_gives_the_same_command_as_the_api()
    {
        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "X26");
        // A page shows the decider's errors for its own answers only.
        var page = await web.PostFormAsync("/applications/new", new()
        {
            ["step"] = "6", ["action"] = "continue", ["title"] = "Heart failure", ["contact.email"] = "nope", ["requestedTermMonths"] = "48", ["purposeCategory"] = "commercial",
        });
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"#requestedTermMonths\">A commercial application may run for at most 12 months", html);
        Assert.Contains("href=\"#requestedStartDate\">Requested start date is required", html);
        Assert.DoesNotContain("Contact email must be", html);
        Assert.Contains("nhsuk-form-group--error", html);
        Assert.Contains("name=\"contact.email\" value=\"nope\"", html); // the other pages' answers travel along

        // Sent from the check page, the runtime's 422 lists every error, each linked to its page's Change button.
        var submitted = await web.PostFormAsync("/applications/new", new() { ["step"] = "7", ["action"] = "submit", ["title"] = "Heart failure", ["contact.email"] = "nope" });
        var all = await submitted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Contains("href=\"#change-1\">Contact email must be an email address", all);
        Assert.Contains("href=\"#change-2\">Purpose is required", all);
        Assert.Contains("id=\"change-6\"", all);

        // Submitted through the API, accepted through a page: the API sees the page's decision.
        var id = (await ApiKit.Object(await app.ClientAs("alice", "Applicant", "X26").PostAsync("/api/applications",
            System.Net.Http.Json.JsonContent.Create(Forms.Json(Today, "X26")))))["id"]!.ToString();
        var officer = new WebClient(app);
        await officer.SignInAsync("olivia", "CaseOfficer");
        var details = await officer.GetHtmlAsync($"/applications/{id}");
        Assert.Contains($"href=\"/applications/{id}/actions/officer-review\"", details);
        Assert.DoesNotContain("/actions/assessment-complete", details);

        var fields = new Dictionary<string, string>
        {
            ["decision"] = "accept", ["notes"] = "Initial review passed", ["idempotencyKey"] = "web-accept-" + id, ["seenState"] = "AwaitingInitialReview",
        };
        var accepted = await officer.PostFormAsync($"/applications/{id}/actions/officer-review", fields);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/applications/{id}", accepted.Headers.Location!.OriginalString);
        var status = await ApiKit.GetAsync(app.ClientAs("olivia", "CaseOfficer"), id);
        Assert.Equal("UnderAssessment", (string?)status["state"]);

        // The same form sent twice (a double click) applies once, and the second is not taken for a stale page (the
        // state it saw is gone, moved on by the first); the history shows one review by olivia.
        var again = await officer.PostFormAsync($"/applications/{id}/actions/officer-review", fields);
        Assert.True(HttpStatusCode.Redirect == again.StatusCode, await again.Content.ReadAsStringAsync());
        Assert.Equal($"/applications/{id}", again.Headers.Location!.OriginalString);
        // Another form, opened before the review, is stale; the same form sent back with another answer is not taken either.
        var stalePage = await officer.PostFormAsync($"/applications/{id}/actions/officer-review",
            new Dictionary<string, string>(fields) { ["idempotencyKey"] = "web-accept-other-" + id, ["decision"] = "reject", ["reason"] = "No" });
        Assert.Contains("changed while you had this page open", await stalePage.Content.ReadAsStringAsync());
        var changedAnswer = await officer.PostFormAsync($"/applications/{id}/actions/officer-review",
            new Dictionary<string, string>(fields) { ["decision"] = "reject", ["reason"] = "No" });
        Assert.Contains("already sent with different answers", await changedAnswer.Content.ReadAsStringAsync());
        var history = await app.Service<ApplicationRuntime>().GetHistoryAsync(id, Journey.Olivia, default);
        var review = Assert.Single(history!, e => e.Data is OfficerReview);
        Assert.Equal(new Actor("olivia", Role.CaseOfficer), review.Actor);
        Assert.Equal("Initial review passed", ((OfficerReview)review.Data).Notes);

        // An action not awaited now: the page says why and offers no form.
        var stale = await officer.GetHtmlAsync($"/applications/{id}/actions/agreement-signed-by-provider");
        Assert.Contains("is not something you can do while the application is under assessment", stale);
        Assert.DoesNotContain("Confirm</button>", stale);

        // The decider's 422 on an action lands on its field.
        var invalid = await officer.PostFormAsync($"/applications/{id}/actions/external-approval-requested", new() { ["notes"] = "no type" });
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("href=\"#approvalType\"", invalidHtml);
    }

    [Fact]
    public async Task A_refer_back_is_answered_on_the_check_page_and_only_the_changed_answers_are_sent()
    {
        var runtime = app.Service<ApplicationRuntime>();
        var id = ((Applied)await runtime.SubmitAsync(new ApplicationSubmitted(Forms.Valid(Today)), Journey.Alice, default)).State.Id;
        await Journey.Raise(runtime, id, new OfficerReview("refer-back", ["A clearer title"], null), Journey.Olivia);

        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "X26");
        Assert.Contains($"/applications/new?from={id}&amp;event=resubmission", await web.GetHtmlAsync($"/applications/{id}"));
        var url = $"/applications/new?from={id}&event=resubmission";
        var check = await web.GetHtmlAsync(url);
        Assert.Contains("Check your answers", check);
        Assert.Contains("A clearer title", check);

        var page2 = await (await web.SubmitAsync(url, check, new(), "change-2")).Content.ReadAsStringAsync();
        Assert.Contains("<h1>Your project</h1>", page2);
        var back = await (await web.SubmitAsync(url, page2, new() { ["title"] = "Heart failure readmissions in England" }, "continue")).Content.ReadAsStringAsync();
        Assert.Contains("<h1>Check your answers</h1>", back);
        Assert.Contains("Heart failure readmissions in England", back);

        var sent = await web.SubmitAsync(url, back, new(), "submit");
        Assert.True(HttpStatusCode.Redirect == sent.StatusCode, System.Text.RegularExpressions.Regex.Match(await sent.Content.ReadAsStringAsync(), "nhsuk-error-summary__body\">[\\s\\S]{0,600}").Value);
        var history = await runtime.GetHistoryAsync(id, Journey.Alice, default);
        var resubmission = (Resubmission)history!.Last(e => e.Data is Resubmission).Data;
        Assert.Equal(new Dars.Lifecycle.Submission.ApplicationForm { Title = "Heart failure readmissions in England" }, resubmission.Changes);
        Assert.Equal(State.AwaitingInitialReview, (await runtime.GetAsync(id, Journey.Alice, default))!.State);
    }

    [Fact]
    public async Task Applicants_see_only_their_organisations_applications_in_the_pages_too()
    {
        var id = (await ApiKit.Object(await app.ClientAs("alice", "Applicant", "X26").PostAsync("/api/applications",
            System.Net.Http.Json.JsonContent.Create(Forms.Json(Today, "X26"))))) ["id"]!.ToString();
        var other = new WebClient(app);
        await other.SignInAsync("bob", "Applicant", "Y99");
        var page = await other.GetHtmlAsync($"/applications/{id}", HttpStatusCode.NotFound);
        Assert.Contains("Page not found", page);
        Assert.DoesNotContain(id, await other.GetHtmlAsync("/applications"));
    }

    [Fact]
    public async Task The_lifecycle_page_draws_the_deciders_diagram_with_the_applications_state_marked()
    {
        var html = await new WebClient(app).GetHtmlAsync("/lifecycle");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LifecycleDiagram.Mermaid()).Split('\n')[1].Trim(), html);
        var id = (await ApiKit.Object(await app.ClientAs("alice", "Applicant", "X26").PostAsync("/api/applications",
            System.Net.Http.Json.JsonContent.Create(Forms.Json(Today, "X26")))))["id"]!.ToString();
        var web = new WebClient(app);
        await web.SignInAsync("alice", "Applicant", "X26");
        var details = await web.GetHtmlAsync($"/applications/{id}");
        Assert.Contains("class AwaitingInitialReview current", details);
        Assert.Contains("aria-current=\"step\">Awaiting initial review", details);
    }
}

/// <summary>Outside Development: no sign-in page, and without Entra ID configured the pages say sign-in is not set up.</summary>
public sealed class WebInterfaceOutsideDevelopmentTests : IClassFixture<WebInterfaceOutsideDevelopmentTests.ProductionFactory>
{
    public sealed class ProductionFactory : DarsFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    private readonly ProductionFactory _app;

    public WebInterfaceOutsideDevelopmentTests(ProductionFactory app) => _app = app;

    [Fact]
    public async Task The_development_sign_in_page_does_not_exist()
    {
        var web = new WebClient(_app);
        var signIn = await web.Http.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        var page = await web.Http.GetAsync("/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Contains("Sign in is not set up", await page.Content.ReadAsStringAsync());
        var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await ApiKit.AssertProblem(await api.GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
    }
}

/// <summary>With Entra ID configured, the pages sign in through OpenID Connect; the API keeps its bearer.</summary>
public sealed class WebInterfaceWithEntraIdTests
{
    [Fact]
    public async Task OpenID_Connect_is_registered_from_settings_and_takes_the_pages_challenge()
    {
        await using var app = new DarsFactory()
            .With("Authentication:OpenIdConnect:Authority", "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0")
            .With("Authentication:OpenIdConnect:ClientId", "dars-web")
            .With("Authentication:OpenIdConnect:ClientSecret", "not-a-secret");
        var schemes = app.Service<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        Assert.NotNull(await schemes.GetSchemeAsync(Dars.Web.DarsWeb.OidcScheme));
        var cookie = app.Service<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(Dars.Web.DarsWeb.CookieScheme);
        Assert.Equal(Dars.Web.DarsWeb.OidcScheme, cookie.ForwardChallenge);
        var oidc = app.Service<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>()
            .Get(Dars.Web.DarsWeb.OidcScheme);
        Assert.Equal("code", oidc.ResponseType);
        Assert.True(oidc.UsePkce);
        Assert.False(oidc.MapInboundClaims);
        await ApiKit.AssertProblem(await app.CreateClient().GetAsync("/api/applications"), HttpStatusCode.Unauthorized);
    }
}
