using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Api;

/// <summary>Small helpers for the HTTP contract tests: reading JSON, asserting problems, submitting and waiting.</summary>
internal static class ApiKit
{
    public static readonly DateOnly Today = UkTime.DateOf(DarsFactory.Start);

    public static async Task<JsonNode> Body(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    public static async Task<JsonObject> Object(HttpResponseMessage response) => (await Body(response)).AsObject();

    /// <summary>An RFC 9457 problem with this status, a title and a detail; returns its body.</summary>
    public static async Task<JsonObject> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]), "problem has no title");
        Assert.False(string.IsNullOrWhiteSpace((string?)body["detail"]), "problem has no detail");
        Assert.Equal((int)status, (int?)body["status"]);
        return body;
    }

    /// <summary>A 422 problem whose <c>errors</c> name at least these fields, each with a message.</summary>
    public static async Task<JsonObject> AssertValidation(HttpResponseMessage response, params string[] fields)
    {
        var body = await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        var errors = Assert.IsType<JsonObject>(body["errors"]);
        foreach (var field in fields)
        {
            Assert.True(errors.ContainsKey(field), $"errors has no '{field}': {errors.ToJsonString()}");
            var messages = errors[field]!.AsArray();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace((string?)m)));
        }
        return body;
    }

    public static HttpClient Anonymous(this DarsFactory app) => app.CreateClient();

    public static HttpClient Applicant(this DarsFactory app, string org, string subject = "alice") => app.ClientAs(subject, "Applicant", org);

    public static HttpClient Officer(this DarsFactory app, string subject = "olivia") => app.ClientAs(subject, "CaseOfficer", "X26");

    /// <summary>Submits a valid application and checks the 201.</summary>
    public static async Task<JsonObject> SubmitAsync(HttpClient applicant, string org, string? reference = null, params string[] approvals)
    {
        var response = await applicant.PostAsJsonAsync("/api/applications", Forms.Json(Today, org, reference, approvals));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"submit gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await Object(response);
    }

    public static string Id(this JsonObject status) => (string)status["id"]!;

    public static long Version(this JsonObject status) => (long)status["version"]!;

    public static string State(this JsonObject status) => (string)status["state"]!;

    public static string[] Strings(this JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToArray();

    public static async Task<JsonObject> GetAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/applications/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {id} gave {(int)response.StatusCode}");
        return await Object(response);
    }

    public static async Task<JsonArray> HistoryAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/applications/{id}/history");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Body(response)).AsArray();
    }

    /// <summary>
    /// Waits until the background notifications of the commands so far are recorded, so the version
    /// stands still: each person's event here is followed by exactly one <c>notification-sent</c>.
    /// </summary>
    public static async Task<JsonObject> SettledAsync(HttpClient client, string id, long version)
    {
        var status = await Eventually.Until(() => GetAsync(client, id), s => s.Version() >= version,
            what: $"{id} to reach version {version}");
        Assert.Equal(version, status.Version());
        return status;
    }

    public static Task<HttpResponseMessage> RaiseAsync(HttpClient client, string id, string eventName, object? body = null,
        string? idempotencyKey = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applications/{id}/events/{eventName}")
        {
            Content = body switch
            {
                null => JsonContent.Create(new JsonObject()),
                string raw => new StringContent(raw, Encoding.UTF8, "application/json"),
                JsonNode node => JsonContent.Create(node),
                var other => JsonContent.Create(other, other.GetType()),
            },
        };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>Raises an event that must be applied (200); returns the status after it.</summary>
    public static async Task<JsonObject> RaiseOkAsync(HttpClient client, string id, string eventName, object? body = null)
    {
        var response = await RaiseAsync(client, id, eventName, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{eventName} gave {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static readonly object Accept = new { decision = "accept" };

    /// <summary>A body whose length the client does not know, so it goes without a Content-Length.</summary>
    public sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes, string mediaType)
        {
            _bytes = bytes;
            Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 8192)
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(8192, _bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    /// <summary>A JSON object of about <paramref name="bytes"/> bytes: <c>{"question":"xxxx…"}</c>.</summary>
    public static byte[] JsonOfSize(int bytes) =>
        Encoding.UTF8.GetBytes("{\"question\":\"" + new string('x', Math.Max(0, bytes - 16)) + "\"}");
}
