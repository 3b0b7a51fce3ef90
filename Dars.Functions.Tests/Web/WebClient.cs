using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dars.Tests.Web;

/// <summary>A browser without a browser: cookies, the anti-forgery token of each form, no redirects followed.</summary>
public sealed partial class WebClient(WebApplicationFactory<Program> app)
{
    public HttpClient Http { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task SignInAsync(string user, string role, string? org = null)
    {
        var response = await PostFormAsync("/sign-in", new() { ["user"] = user, ["role"] = role, ["org"] = org ?? "" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public async Task<string> GetHtmlAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 400)]}");
        return html;
    }

    /// <summary>Opens the page with the form first (for its anti-forgery token), then posts the fields.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await Http.GetStringAsync(formPage ?? url);
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, $"no anti-forgery token on {formPage ?? url}");
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))));
        return await Http.PostAsync(url, content);
    }

    /// <summary>What a browser would send from the page's form: hidden and text inputs, checked boxes, textareas.</summary>
    public static Dictionary<string, List<string>> FormValues(string html)
    {
        var values = new Dictionary<string, List<string>>();
        void Add(string name, string value)
        {
            name = WebUtility.HtmlDecode(name);
            if (name == "__RequestVerificationToken") return;
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(WebUtility.HtmlDecode(value));
        }
        foreach (Match input in InputPattern().Matches(html))
        {
            var tag = input.Value;
            var name = AttributePattern("name").Match(tag);
            if (!name.Success) continue;
            var type = AttributePattern("type").Match(tag) is { Success: true } t ? t.Groups[1].Value : "text";
            if (type is "radio" or "checkbox" && !tag.Contains(" checked")) continue;
            if (type is "submit" or "file") continue;
            Add(name.Groups[1].Value, AttributePattern("value").Match(tag) is { Success: true } v ? v.Groups[1].Value : "");
        }
        foreach (Match area in TextareaPattern().Matches(html)) Add(area.Groups[1].Value, area.Groups[2].Value);
        return values;
    }

    /// <summary>Opens the page with the upload form first (for its anti-forgery token), then posts the fields and one file.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string url, Dictionary<string, string> fields, string fileField, string fileName, string content)
    {
        var token = TokenPattern().Match(await Http.GetStringAsync(url));
        Assert.True(token.Success, $"no anti-forgery token on {url}");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))))
            form.Add(new StringContent(value), name);
        form.Add(new StringContent(content, System.Text.Encoding.UTF8, "text/csv"), fileField, fileName);
        return await Http.PostAsync(url, form);
    }

    /// <summary>Posts a page's form as it is, with some values changed and a button pressed.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string html, Dictionary<string, string> changes, string button)
    {
        var values = FormValues(html);
        foreach (var (name, value) in changes) values[name] = [value];
        var token = TokenPattern().Match(html);
        var pairs = values.SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v)))
            .Append(new("action", button))
            .Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await Http.PostAsync(url, new FormUrlEncodedContent(pairs));
    }

    private static Regex AttributePattern(string name) => new($"\\s{name}=\"([^\"]*)\"");

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("<textarea\\b[^>]*name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex TextareaPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
