using System.Net;
using System.Net.Http.Json;
using Dars.Lifecycle;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Api;

public sealed class SmokeTests : IClassFixture<DarsFactory>
{
    private readonly DarsFactory _app;

    public SmokeTests(DarsFactory app) => _app = app;

    [Fact]
    public async Task An_application_submitted_over_HTTP_is_stored_and_readable()
    {
        var alice = _app.ClientAs("alice", "Applicant", "X26");
        var post = await alice.PostAsJsonAsync("/api/applications", Forms.Json(UkTime.DateOf(DarsFactory.Start)));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var get = await alice.GetAsync(post.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }
}
