using Dars.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Dars.Api;

/// <summary>
/// Checks a CSV upload before it is streamed on: <c>text/csv</c> (415 otherwise) and within the size
/// allowed for it (413), raising the server's own request-size limit to that size for this request.
/// </summary>
public static class CsvBody
{
    public static ProblemHttpResult? Check(HttpRequest request, long maxBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            return Problem.Of(415, "Unsupported content type", $"Send the file as text/csv (got '{request.ContentType ?? "none"}').");
        if (request.ContentLength > maxBytes)
            return TooLarge(maxBytes);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        return null;
    }

    public static ProblemHttpResult TooLarge(long maxBytes) =>
        Problem.Of(413, "File too large", $"Files here are limited to {maxBytes / (1024 * 1024)} MiB; split the file or ask the DARS team.");
}

/// <summary>Upload limits (<c>Dars:Files</c>).</summary>
public sealed class FileLimits
{
    public long MaxCohortBytes { get; set; } = 256L * 1024 * 1024;
    public long MaxDatasetBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>How long a release link works (API.md: 24 hours by default).</summary>
    public TimeSpan ReleaseLinkValidity { get; set; } = TimeSpan.FromHours(24);
}
