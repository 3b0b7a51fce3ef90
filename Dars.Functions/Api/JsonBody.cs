using System.Text.Json;
using Dars.Api.Problems;
using Dars.Runtime.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Dars.Api;

/// <summary>
/// Reads a JSON request body with the contract's limits and errors: 415 for another content type,
/// 413 over 1 MiB, 400 for JSON that does not parse, 422 for JSON of the wrong shape. An empty body is <c>{}</c>.
/// </summary>
public static class JsonBody
{
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
    {
        var (element, problem) = await ReadElementAsync(request, cancellationToken);
        if (problem is not null) return (default, problem);
        return Bind<T>(element);
    }

    public static (T? Value, ProblemHttpResult? Problem) Bind<T>(JsonElement element)
    {
        var (value, problem) = Bind(element, typeof(T));
        return ((T?)value, problem);
    }

    public static (object? Value, ProblemHttpResult? Problem) Bind(JsonElement element, Type type)
    {
        try
        {
            return (element.Deserialize(type, DarsJson.Options), null);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            return (null, Problem.Validation(field,
                $"{field} has the wrong type or format: check it is a string, number, true/false, list or object as documented, and dates are YYYY-MM-DD."));
        }
    }

    public static async Task<(JsonElement Element, ProblemHttpResult? Problem)> ReadElementAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes) return (default, TooLarge());
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody) return (EmptyObject(), null);
        if (!IsJson(request.ContentType))
            return (default, Problem.Of(415, "Unsupported content type",
                $"Send the body as application/json (got '{request.ContentType ?? "none"}')."));

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (default, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return (EmptyObject(), null);

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (default, Problem.Validation("body", $"The body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, Problem.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): fix the syntax and send it again."));
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    private static ProblemHttpResult TooLarge() =>
        Problem.Of(413, "Body too large", $"JSON bodies are limited to {MaxBytes / 1024} KiB; send less.");

    private static JsonElement EmptyObject() => JsonDocument.Parse("{}").RootElement.Clone();

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');
}
