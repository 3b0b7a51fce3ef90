using System.Text.Json.Nodes;
using Dars.Web.Actions;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dars.Tests.Web;

/// <summary>The audit form's findings rows become the event's findings; empty rows are left out, and errors find their row.</summary>
public sealed class FindingsFieldTests
{
    private static (WebForm Form, JsonArray Findings) Read(params (string Key, string Value)[] values)
    {
        var form = WebForm.From(new FormCollection(values.ToDictionary(v => v.Key, v => new StringValues(v.Value))));
        var body = new JsonObject();
        new FindingsField("findings", "Findings").Read(form, body);
        return (form, body["findings"]!.AsArray());
    }

    [Fact]
    public void A_row_left_empty_is_not_sent_and_the_errors_of_the_next_land_on_that_row()
    {
        var (form, findings) = Read(("findings[1].type", "observation"), ("findings[1].description", "Logs not reviewed."));

        // The decider sees one finding, findings[0], and says its risk is missing.
        form.AddErrors(new Dictionary<string, string[]> { ["findings[0].risk"] = ["findings[0].risk must be one of: critical, high, medium, low."] }, "findings");

        Assert.Equal("observation", (string?)Assert.Single(findings)!["type"]);
        Assert.NotEmpty(form.ErrorsFor("findings[1].risk"));
        Assert.Empty(form.ErrorsFor("findings[0].risk"));
    }

    [Fact]
    public void Empty_rows_are_left_out_so_an_audit_without_findings_sends_none()
    {
        var (_, findings) = Read(("findings[0].type", ""), ("findings[2].description", " "));

        Assert.Empty(findings);
    }
}
