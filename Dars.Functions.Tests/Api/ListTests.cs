using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Text.Json.Nodes;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>
/// GET /api/applications. The class has its own app (and storage names); each test uses its own
/// organisations, so filters are checked by what they include and exclude, never by global counts.
/// The index is written after the commit, so reads wait for it.
/// </summary>
public sealed class ListTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    private static async Task<JsonObject> ListAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/applications" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"list{query} gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await Object(response);
    }

    private static string[] Ids(JsonObject list) => list["items"]!.AsArray().Select(i => (string)i!["id"]!).ToArray();

    /// <summary>Waits until the list shows what the test needs (the index is updated after commit).</summary>
    private static Task<JsonObject> ListUntil(HttpClient client, string query, Func<JsonObject, bool> done) =>
        Eventually.Until(() => ListAsync(client, query), done, what: $"list{query}");

    [Fact]
    public async Task Items_are_status_summaries_with_a_self_link()
    {
        var id = (await SubmitAsync(app.Applicant("L01"), "L01")).Id();

        var list = await ListUntil(app.Officer(), "?organisation=L01", l => Ids(l).Contains(id));

        var item = list["items"]!.AsArray().Single(i => (string)i!["id"]! == id)!;
        Assert.Equal("AwaitingInitialReview", (string?)item["state"]);
        Assert.Equal("Application", (string?)item["stage"]);
        Assert.Equal("L01", (string?)item["organisation"]!["odsCode"]);
        Assert.Equal("Heart failure readmissions", (string?)item["title"]);
        Assert.EndsWith($"/api/applications/{id}", (string?)item["self"]);
        Assert.True(list.ContainsKey("continuationToken"));
        Assert.Null(list["continuationToken"]);
    }

    [Fact]
    public async Task State_stage_and_slaStatus_filter_the_list()
    {
        var applicant = app.Applicant("L02");
        var waiting = (await SubmitAsync(applicant, "L02")).Id();
        var accepted = (await SubmitAsync(applicant, "L02")).Id();
        Assert.Equal(HttpStatusCode.OK, (await RaiseAsync(app.Officer(), accepted, "officer-review", Accept)).StatusCode);
        var enquiry = await applicant.PostAsync("/api/enquiries", System.Net.Http.Json.JsonContent.Create(new
        {
            organisation = new { odsCode = "L02", name = "List Trust" },
            contact = new { name = "E", email = "e@example.nhs.uk" },
            title = "Enquiry", question = "?",
        }));
        var enquiryId = (await Object(enquiry)).Id();
        var officer = app.Officer();

        var underAssessment = await ListUntil(officer, "?state=UnderAssessment", l => Ids(l).Contains(accepted));
        Assert.All(underAssessment["items"]!.AsArray(), i => Assert.Equal("UnderAssessment", (string?)i!["state"]));
        Assert.DoesNotContain(waiting, Ids(underAssessment));

        // The accepted one leaves the AwaitingInitialReview rows once its projection completes.
        var awaitingReview = await ListUntil(officer, "?state=AwaitingInitialReview", l => Ids(l).Contains(waiting) && !Ids(l).Contains(accepted));
        Assert.All(awaitingReview["items"]!.AsArray(), i => Assert.Equal("AwaitingInitialReview", (string?)i!["state"]));

        var enquiries = await ListUntil(officer, "?stage=Enquiry", l => Ids(l).Contains(enquiryId));
        Assert.DoesNotContain(waiting, Ids(enquiries));
        Assert.All(enquiries["items"]!.AsArray(), i => Assert.Equal("Enquiry", (string?)i!["stage"]));

        var onTrack = await ListUntil(officer, "?slaStatus=on-track", l => Ids(l).Contains(accepted));
        Assert.DoesNotContain(waiting, Ids(onTrack));
        Assert.All(onTrack["items"]!.AsArray(), i => Assert.Equal("on-track", (string?)i!["slaStatus"]));

        var combined = await ListUntil(officer, "?organisation=L02&stage=Application&state=UnderAssessment", l => Ids(l).Contains(accepted));
        Assert.Equal([accepted], Ids(combined));
        var l02Waiting = await ListUntil(officer, "?organisation=L02&state=AwaitingInitialReview", l => Ids(l).Contains(waiting) && !Ids(l).Contains(accepted));
        Assert.Equal([waiting], Ids(l02Waiting));
    }

    [Fact]
    public async Task The_organisation_filter_lists_that_organisation_only()
    {
        var mine = (await SubmitAsync(app.Applicant("L03"), "L03")).Id();
        var theirs = (await SubmitAsync(app.Applicant("L04", "bob"), "L04")).Id();
        var officer = app.Officer();

        var l03 = await ListUntil(officer, "?organisation=L03", l => Ids(l).Contains(mine));
        var l04 = await ListUntil(officer, "?organisation=l04", l => Ids(l).Contains(theirs));

        Assert.Equal([mine], Ids(l03));
        Assert.Equal([theirs], Ids(l04));
    }

    [Fact]
    public async Task Applicants_see_only_their_own_organisation_even_when_they_ask_for_another()
    {
        var alice = app.Applicant("L05");
        var mine = (await SubmitAsync(alice, "L05")).Id();
        var theirs = (await SubmitAsync(app.Applicant("L06", "bob"), "L06")).Id();
        await ListUntil(app.Officer(), "?organisation=L06", l => Ids(l).Contains(theirs));

        var own = await ListUntil(alice, "", l => Ids(l).Contains(mine));
        Assert.All(own["items"]!.AsArray(), i => Assert.Equal("L05", (string?)i!["organisation"]!["odsCode"]));
        Assert.DoesNotContain(theirs, Ids(own));

        var asked = await ListAsync(alice, "?organisation=L06");
        Assert.DoesNotContain(theirs, Ids(asked));
        Assert.All(asked["items"]!.AsArray(), i => Assert.Equal("L05", (string?)i!["organisation"]!["odsCode"]));

        var byState = await ListAsync(alice, "?state=AwaitingInitialReview");
        Assert.Contains(mine, Ids(byState));
        Assert.DoesNotContain(theirs, Ids(byState));
    }

    [Fact]
    public async Task Paging_with_top_and_continuationToken_returns_every_item_once()
    {
        var applicant = app.Applicant("L07");
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add((await SubmitAsync(applicant, "L07")).Id());
        var officer = app.Officer();
        await ListUntil(officer, "?organisation=L07&top=100", l => Ids(l).Length == ids.Count);

        foreach (var client in new[] { officer, applicant })
        {
            var seen = new List<string>();
            var pages = 0;
            string? token = null;
            do
            {
                var query = "?organisation=L07&top=3" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
                var page = await ListAsync(client, query);
                Assert.InRange(page["items"]!.AsArray().Count, 0, 3);
                seen.AddRange(Ids(page));
                token = (string?)page["continuationToken"];
                pages++;
                Assert.True(pages <= 10, "paging did not end");
            } while (token is not null);

            Assert.True(pages >= 3, $"expected at least 3 pages, got {pages}");
            Assert.Equal(ids.Order(), seen.Order());
        }
    }

    [Theory]
    [InlineData("?state=Approved", "state")]
    [InlineData("?state=New", "state")]
    [InlineData("?stage=Limbo", "stage")]
    [InlineData("?slaStatus=late", "slaStatus")]
    [InlineData("?top=0", "top")]
    [InlineData("?top=101", "top")]
    [InlineData("?continuationToken=%21%21not-base64%21%21", "continuationToken")]
    public async Task Invalid_query_parameters_are_422_naming_them(string query, string field)
    {
        var response = await app.Officer().GetAsync("/api/applications" + query);
        await AssertValidation(response, field);
    }

    [Theory]
    [InlineData("Zm9v")] // "foo": base64, but not a token this API gave out
    [InlineData("YWxsIE5JQy0wMDAwMDAgZXh0cmE")] // "all NIC-000000 extra"
    public async Task A_garbage_continuationToken_is_400_or_422(string token)
    {
        var response = await app.Officer().GetAsync("/api/applications?top=2&continuationToken=" + token);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
            $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AssertProblem(response, response.StatusCode);
    }

    [Fact]
    public async Task A_top_that_is_not_a_number_is_422_naming_it_in_every_environment()
    {
        using var factory = new DarsFactory();
        using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var client = production.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("olivia", "X26", "CaseOfficer"));

        foreach (var officer in new[] { app.Officer(), client })
            foreach (var top in new[] { "ten", "", "1.5", "-1", "101" })
            {
                var problem = await AssertValidation(await officer.GetAsync("/api/applications?top=" + top), "top");
                Assert.Contains("whole number from 1 to 100", problem["errors"]!["top"]![0]!.ToString());
            }
    }
}
