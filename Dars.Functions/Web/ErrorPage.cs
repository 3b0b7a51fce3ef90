using System.Net;

namespace Dars.Web;

/// <summary>
/// The web's error pages (not found, forbidden, service problem) in the NHS.UK layout, for answers that
/// have no body of their own. The API's answers stay problem details.
/// </summary>
public static class ErrorPage
{
    public static (string Heading, string[] Lines) Describe(int status) => status switch
    {
        404 => ("Page not found", [
            "If you typed the web address, check it is correct.",
            "If you followed a link to an application, it may belong to another organisation."]),
        401 => ("Sign in is not set up", ["This service signs people in with their NHS Microsoft account, which is not configured here. Ask the DARS team."]),
        403 => ("You cannot do this", ["Your account has no DARS role that allows this. Ask the DARS team to give you the right role."]),
        400 => ("There is a problem with the request", ["Go back and try again. If you left a form open for a long time, reload it first."]),
        405 => ("Page not found", ["This address does not take that kind of request."]),
        _ => ("Sorry, there is a problem with the service", [
            "Try again later.",
            "What you asked for may not have been saved: check the application before trying again."]),
    };

    public static async Task WriteAsync(HttpContext context, int status)
    {
        var (heading, lines) = Describe(status);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var body = string.Join("", lines.Select(l => $"<p>{WebUtility.HtmlEncode(l)}</p>"));
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>{{WebUtility.HtmlEncode(heading)}} – Data Access Request Service – NHS</title>
              <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
              <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48">
              <link rel="stylesheet" href="/assets/nhsuk-frontend.min.css">
            </head>
            <body>
              <a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
              <header class="nhsuk-header" role="banner">
                <div class="nhsuk-header__container nhsuk-width-container">
                  <div class="nhsuk-header__service">
                    <a class="nhsuk-header__service-logo" href="/" aria-label="NHS Data Access Request Service homepage">
                      <span class="nhsuk-header__service-name">Data Access Request Service</span>
                    </a>
                  </div>
                </div>
              </header>
              <div class="nhsuk-width-container">
                <main class="nhsuk-main-wrapper" id="maincontent">
                  <h1>{{WebUtility.HtmlEncode(heading)}}</h1>
                  {{body}}
                  <p><a href="/applications">Go to your applications</a></p>
                </main>
              </div>
              <footer class="nhsuk-footer" role="contentinfo">
                <div class="nhsuk-width-container"><div class="nhsuk-footer__meta"><p class="nhsuk-body-s">&copy; NHS England</p></div></div>
              </footer>
            </body>
            </html>
            """);
    }
}
