using System.Net;
using System.Net.Http.Json;
using System.Text;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>POST /api/enquiries, and the body limits (415, 400, 413) every JSON route shares.</summary>
public sealed class EnquiryTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    private static object Enquiry(string org = "E01") => new
    {
        organisation = new { odsCode = org, name = "Enquiring Trust" },
        contact = new { name = "Dr E Nquirer", email = "e.nquirer@example.nhs.uk" },
        title = "Can we study stroke outcomes?",
        question = "Which datasets hold stroke admissions and deaths?",
    };

    [Fact]
    public async Task An_applicant_enquiry_is_created_in_state_Enquiry_with_a_Location()
    {
        var applicant = app.Applicant("E01");
        var response = await applicant.PostAsJsonAsync("/api/enquiries", Enquiry());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var status = await Object(response);
        Assert.Equal("Enquiry", status.State());
        Assert.Equal("Enquiry", (string?)status["stage"]);
        Assert.Matches("^NIC-[0-9]{6}$", status.Id());
        Assert.NotNull(response.Headers.Location);
        Assert.EndsWith($"/api/applications/{status.Id()}", response.Headers.Location!.ToString());

        var read = await applicant.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Enquiry", (await Object(read)).State());
    }

    private static HttpRequestMessage Post(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task An_enquiry_sent_again_with_its_Idempotency_Key_returns_the_first_and_opens_no_other()
    {
        var applicant = app.Applicant("E05");
        var key = Guid.NewGuid().ToString();

        var first = await applicant.SendAsync(Post(Enquiry("E05"), key));
        var again = await applicant.SendAsync(Post(Enquiry("E05"), key));
        var changed = await applicant.SendAsync(Post(new
        {
            organisation = new { odsCode = "E05", name = "Enquiring Trust" },
            contact = new { name = "Dr E Nquirer", email = "e.nquirer@example.nhs.uk" },
            title = "Another question altogether",
            question = "Which datasets hold cancer registrations?",
        }, key));
        var withoutKey = await applicant.SendAsync(Post(Enquiry("E05"), null));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await Object(first)).Id(), (await Object(again)).Id());
        await AssertValidation(changed, "Idempotency-Key");
        Assert.Equal(HttpStatusCode.Created, withoutKey.StatusCode);
        Assert.NotEqual((await Object(first)).Id(), (await Object(withoutKey)).Id());
    }

    [Fact]
    public async Task Racing_retries_of_one_keyed_enquiry_open_exactly_one()
    {
        var applicant = app.Applicant("E06");
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => applicant.SendAsync(Post(Enquiry("E06"), key))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"got {(int)r.StatusCode}"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (await Object(r)).Id()));
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task An_Idempotency_Key_over_200_characters_is_400_and_a_refused_enquiry_reserves_nothing()
    {
        var applicant = app.Applicant("E07");
        await AssertProblem(await applicant.SendAsync(Post(Enquiry("E07"), new string('k', 201))), HttpStatusCode.BadRequest);

        var key = Guid.NewGuid().ToString();
        await AssertValidation(await applicant.SendAsync(Post(new { organisation = new { odsCode = "E07" } }, key)), "title");
        Assert.Equal(HttpStatusCode.Created, (await applicant.SendAsync(Post(Enquiry("E07"), key))).StatusCode);
    }

    [Fact]
    public async Task An_enquiry_missing_its_fields_is_422_naming_each()
    {
        var response = await app.Applicant("E01").PostAsJsonAsync("/api/enquiries", new { title = "" });
        await AssertValidation(response, "organisation", "contact", "title", "question");
    }

    [Fact]
    public async Task A_case_officer_may_not_make_an_enquiry()
    {
        var response = await app.Officer().PostAsJsonAsync("/api/enquiries", Enquiry());
        await AssertProblem(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/enquiries", Enquiry());
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415()
    {
        var response = await app.Applicant("E01").PostAsync("/api/enquiries", new StringContent("organisation=E01", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((string?)(await Object(response))["title"]));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_problem_with_a_detail()
    {
        var response = await app.Applicant("E01").PostAsync("/api/enquiries", new StringContent("organisation=E01", Encoding.UTF8, "text/plain"));
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Malformed_JSON_is_400()
    {
        var response = await app.Applicant("E01").PostAsync("/api/enquiries", new StringContent("{\"title\": \"unclosed", Encoding.UTF8, "application/json"));
        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_JSON_value_that_is_not_an_object_is_422()
    {
        var response = await app.Applicant("E01").PostAsync("/api/enquiries", new StringContent("[1, 2]", Encoding.UTF8, "application/json"));
        await AssertValidation(response, "body");
    }

    [Fact]
    public async Task A_body_over_1_MiB_with_a_Content_Length_is_413()
    {
        var content = new ByteArrayContent(JsonOfSize(1024 * 1024 + 100));
        content.Headers.ContentType = new("application/json");
        Assert.True(content.Headers.ContentLength > 1024 * 1024);

        var response = await app.Applicant("E01").PostAsync("/api/enquiries", content);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_over_1_MiB_without_a_length_is_413()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries")
        {
            Content = new UnknownLengthContent(JsonOfSize(1024 * 1024 + 100), "application/json"),
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.Applicant("E01").SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_body_without_a_length_under_the_limit_is_read()
    {
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(Enquiry(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/enquiries") { Content = new UnknownLengthContent(body, "application/json") };

        var response = await app.Applicant("E01").SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
