using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dars.Tests.Infrastructure;
using static Dars.Tests.Api.ApiKit;

namespace Dars.Tests.Api;

/// <summary>POST /api/applications.</summary>
public sealed class SubmissionTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    [Fact]
    public async Task A_valid_application_is_201_with_Location_ETag_and_state_AwaitingInitialReview()
    {
        var response = await app.Applicant("S01").PostAsJsonAsync("/api/applications", Forms.Json(Today, "S01"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var status = await Object(response);
        Assert.Equal("AwaitingInitialReview", status.State());
        Assert.Equal("Application", (string?)status["stage"]);
        Assert.Equal("Heart failure readmissions", (string?)status["title"]);
        Assert.Equal("S01", (string?)status["organisation"]!["odsCode"]);
        Assert.Equal(1, status.Version());
        Assert.EndsWith($"/api/applications/{status.Id()}", response.Headers.Location!.ToString());
        Assert.Equal($"\"{status.Version()}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task An_invalid_application_is_422_keyed_by_field_and_nothing_is_stored()
    {
        var applicant = app.Applicant("S02");
        var form = Forms.Json(Today, "S02", "s02-ref");
        form.Remove("title");
        form["purpose"] = " ";
        form["requestedTermMonths"] = 99;
        form["legalBasis"]!["section251Reference"] = null;
        form["datasets"] = new JsonArray(new JsonObject { ["id"] = "no-such-dataset", ["fields"] = new JsonArray("X") });

        var response = await applicant.PostAsJsonAsync("/api/applications", form);

        await AssertValidation(response, "title", "purpose", "requestedTermMonths", "legalBasis.section251Reference", "datasets[0].id");
        // Nothing was stored: not even the externalReference, so the corrected application is new (201, not 200)...
        var corrected = await applicant.PostAsJsonAsync("/api/applications", Forms.Json(Today, "S02", "s02-ref"));
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var id = (await Object(corrected)).Id();
        // ...and the organisation's list holds that one application only.
        var list = await Eventually.Until(
            async () => await Object(await app.Officer().GetAsync("/api/applications?organisation=S02")),
            l => l["items"]!.AsArray().Count > 0, what: "the S02 list");
        Assert.Equal([id], list["items"]!.AsArray().Select(i => (string)i!["id"]!).ToArray());
    }

    [Fact]
    public async Task A_repeated_externalReference_from_the_same_organisation_returns_the_existing_application_with_200()
    {
        var applicant = app.Applicant("S03");
        var first = await SubmitAsync(applicant, "S03", "dup-ref");

        var again = await applicant.PostAsJsonAsync("/api/applications", Forms.Json(Today, "S03", "dup-ref"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await Object(again);
        Assert.Equal(first.Id(), second.Id());
        Assert.Equal("AwaitingInitialReview", second.State());
        var history = await HistoryAsync(applicant, first.Id());
        Assert.Single(history, e => (string?)e!["type"] == "application-submitted");
    }

    [Fact]
    public async Task The_same_externalReference_from_another_organisation_is_a_separate_application()
    {
        var first = await SubmitAsync(app.Applicant("S04"), "S04", "shared-ref");
        var other = await SubmitAsync(app.Applicant("S05", "bob"), "S05", "shared-ref");

        Assert.NotEqual(first.Id(), other.Id());
        Assert.Equal("S05", (string?)other["organisation"]!["odsCode"]);
    }

    [Fact]
    public async Task An_application_for_an_organisation_other_than_the_callers_is_422()
    {
        var response = await app.Applicant("S06").PostAsJsonAsync("/api/applications", Forms.Json(Today, "S99"));
        await AssertValidation(response, "organisation.odsCode");
    }

    [Fact]
    public async Task An_application_for_another_organisation_reusing_its_externalReference_is_422_not_its_application()
    {
        var theirs = await SubmitAsync(app.Applicant("S07"), "S07", "their-ref");

        var response = await app.Applicant("S08", "mallory").PostAsJsonAsync("/api/applications", Forms.Json(Today, "S07", "their-ref"));

        var body = await AssertValidation(response, "organisation.odsCode");
        Assert.DoesNotContain(theirs.Id(), body.ToJsonString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_422_naming_the_field()
    {
        var form = Forms.Json(Today, "S09");
        form["requestedTermMonths"] = "ten";

        var response = await app.Applicant("S09").PostAsJsonAsync("/api/applications", form);

        await AssertValidation(response, "requestedTermMonths");
    }

    [Fact]
    public async Task A_date_in_the_wrong_format_is_422_naming_the_field()
    {
        var form = Forms.Json(Today, "S09");
        form["requestedStartDate"] = "next tuesday";

        var response = await app.Applicant("S09").PostAsJsonAsync("/api/applications", form);

        await AssertValidation(response, "requestedStartDate");
    }

    [Theory]
    [InlineData("A/B")]
    [InlineData("S12")]
    public async Task An_odsCode_other_than_the_applicants_own_is_422_whatever_its_characters(string odsCode)
    {
        var form = Forms.Json(Today, "S12", "s12-ref");
        form["organisation"]!["odsCode"] = odsCode;

        var response = await app.Applicant("P01").PostAsJsonAsync("/api/applications", form);

        await AssertValidation(response, "organisation.odsCode");
    }

    [Fact]
    public async Task A_case_officer_may_not_submit_an_application()
    {
        var response = await app.Officer().PostAsJsonAsync("/api/applications", Forms.Json(Today, "X26"));
        await AssertProblem(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_role_that_may_not_submit_gets_403_even_with_an_externalReference_already_used()
    {
        await SubmitAsync(app.Applicant("S11"), "S11", "s11-ref");

        foreach (var (subject, role) in new[] { ("olivia", "CaseOfficer"), ("aziz", "Auditor"), ("arthur", "Approver") })
        {
            var response = await app.ClientAs(subject, role, "S11").PostAsJsonAsync("/api/applications", Forms.Json(Today, "S11", "s11-ref"));
            await AssertProblem(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/applications", Forms.Json(Today, "S10"));
        await AssertProblem(response, HttpStatusCode.Unauthorized);
    }
}
