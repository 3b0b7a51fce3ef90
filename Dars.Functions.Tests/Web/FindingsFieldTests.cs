using System.Text.Json.Nodes;
using Dars.Web.Actions;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dars.Tests.Web;

/// <summary>The audit form's findings rows become the event's findings, row i as findings[i].</summary>
public sealed class FindingsFieldTests
{
    private static JsonArray Read(params (string Key, string Value)[] values)
    {
        var form = WebForm.From(new FormCollection(values.ToDictionary(v => v.Key, v => new StringValues(v.Value))));
        var body = new JsonObject();
        new FindingsField("findings", "Findings").Read(form, body);
        return body["findings"]!.AsArray();
    }

    [Fact]
    public void A_row_left_empty_before_a_filled_one_keeps_its_place_so_errors_name_the_right_row()
    {
        var findings = Read(("findings[1].type", "observation"), ("findings[1].description", "Logs not reviewed."));

        Assert.Equal(2, findings.Count);
        Assert.Null((string?)findings[0]!["type"]);
        Assert.Equal("observation", (string?)findings[1]!["type"]);
        Assert.Null((string?)findings[1]!["risk"]);
    }

    [Fact]
    public void Empty_rows_after_the_last_filled_one_are_left_out()
    {
        var findings = Read(("findings[0].type", "observation"), ("findings[0].risk", "low"), ("findings[0].description", "Fine."));

        Assert.Single(findings);
    }
}
