using Dars.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Dars.Web;

/// <summary>
/// Raises the server's limits for a page that takes a file to the configured size of that file (<see cref="FileLimits"/>,
/// as the API's uploads have): the defaults, 30 MB a request and 128 MB a multipart section, would refuse a real cohort
/// or dataset before the page saw it, with a generic 400. It runs before the anti-forgery check, which reads the form.
/// </summary>
internal sealed class UploadLimits(Func<FileLimits, long> maxFileBytes) : IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Room for the form's other fields and the multipart framing around the file.</summary>
    private const long FormOverhead = 1 << 20;

    // After the authorisation filter (0), so that nobody signed out is allowed a large body; before anti-forgery (1000).
    public int Order => 500;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsPost(http.Request.Method)) return;
        var max = maxFileBytes(http.RequestServices.GetService<FileLimits>() ?? new FileLimits()) + FormOverhead;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = max }));
    }
}
