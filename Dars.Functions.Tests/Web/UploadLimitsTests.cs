using Dars.Api;
using Dars.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dars.Tests.Web;

/// <summary>
/// The upload pages' limits: Kestrel's 30 MB a request and the form reader's 128 MB a section would refuse a real cohort
/// or dataset before the page saw it. (The test server enforces neither, so the filter is checked on its own.)
/// </summary>
public sealed class UploadLimitsTests
{
    private sealed class MaxBodySize : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;
        public long? MaxRequestBodySize { get; set; } = 30_000_000;
    }

    private static (DefaultHttpContext Http, MaxBodySize Limit) Post(FileLimits limits)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(limits).BuildServiceProvider() };
        http.Request.Method = "POST";
        http.Request.ContentType = "multipart/form-data; boundary=x";
        var limit = new MaxBodySize();
        http.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);
        return (http, limit);
    }

    private static void Run(UploadLimits filter, HttpContext http) =>
        filter.OnAuthorization(new AuthorizationFilterContext(new ActionContext(http, new RouteData(), new ActionDescriptor()), []));

    [Fact]
    public void A_post_to_the_cohort_page_may_carry_the_configured_cohort_size()
    {
        var (http, limit) = Post(new FileLimits { MaxCohortBytes = 256L << 20 });

        Run(new UploadLimits(l => l.MaxCohortBytes), http);

        Assert.True(limit.MaxRequestBodySize > 256L << 20, $"request limit {limit.MaxRequestBodySize}");
    }

    [Fact]
    public async Task The_form_is_read_with_the_configured_size_as_its_section_limit()
    {
        // Configured below the form reader's 128 MB default, so that a 3 MB section shows whose limit applies.
        var (http, _) = Post(new FileLimits { MaxCohortBytes = 1 << 20 });
        var body = "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + new string('a', 3 << 20) + "\r\n--x--\r\n";
        http.Request.Body = new MemoryStream(System.Text.Encoding.ASCII.GetBytes(body));

        Run(new UploadLimits(l => l.MaxCohortBytes), http);

        await Assert.ThrowsAsync<InvalidDataException>(() => http.Request.ReadFormAsync());
    }

    [Fact]
    public void A_get_keeps_the_servers_limits()
    {
        var (http, limit) = Post(new FileLimits());
        http.Request.Method = "GET";

        Run(new UploadLimits(l => l.MaxDatasetBytes), http);

        Assert.Equal(30_000_000, limit.MaxRequestBodySize);
    }
}
