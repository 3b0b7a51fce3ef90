using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages;

/// <summary>The HTML error pages of the web interface (the API keeps its problem details).</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : DarsPage
{
    public string Heading { get; private set; } = "";
    public IReadOnlyList<string> Lines { get; private set; } = [];

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        var (heading, lines) = ErrorPage.Describe(code);
        (Heading, Lines) = (heading, lines);
        if (code is >= 400 and < 600) Response.StatusCode = code;
    }
}
