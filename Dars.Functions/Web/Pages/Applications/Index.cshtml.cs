using System.Text;
using Dars.Lifecycle;
using Dars.Lifecycle.Sla;
using Dars.Runtime.Index;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Applications;

/// <summary>
/// Applicants: their organisation's applications. Everyone else: the work queue, filterable by state,
/// stage, SLA status and organisation, breached and at-risk applications first. Reads the same query
/// index as <c>GET /api/applications</c>.
/// </summary>
public sealed class IndexModel(ApplicationIndex index) : DarsPage
{
    private const int PageSize = 25, Urgent = 100;

    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? SlaStatus { get; set; }
    [BindProperty(SupportsGet = true)] public string? Organisation { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public string? PageToken { get; set; }

    public IReadOnlyList<IndexEntry> Items { get; private set; } = [];
    public string? NextPage { get; private set; }

    /// <summary>The SLA statuses with more applications than the first page shows at its top.</summary>
    public List<string> MoreUrgent { get; } = [];
    public WebForm Filters { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        State = Known(State, Enum.GetNames<Lifecycle.State>().Where(s => s != nameof(Lifecycle.State.New)));
        Stage = Known(Stage, Enum.GetNames<Lifecycle.Stage>());
        SlaStatus = Known(SlaStatus, [SlaReport.OnTrack, SlaReport.AtRisk, SlaReport.Breached, SlaReport.Met]);
        Organisation = Organisation?.Trim().ToUpperInvariant() is { Length: > 0 } org ? org : null;
        if (IsApplicantOnly) Organisation = Caller.Organisation ?? "-";
        Filters.Set("state", State).Set("stage", Stage).Set("slaStatus", SlaStatus).Set("organisation", IsApplicantOnly ? null : Organisation);

        var token = Decode(PageToken);
        var query = new IndexQuery(State, Stage, SlaStatus, Organisation);
        var items = new List<IndexEntry>();
        if (token is null && SlaStatus is null)
        {
            // At-risk and breached first: their own index partitions, read before the page.
            foreach (var urgent in new[] { SlaReport.Breached, SlaReport.AtRisk })
            {
                // One more than listed, to know whether there are more (a continuation token would not say).
                var first = await index.FirstAsync(query with { SlaStatus = urgent }, Urgent + 1, ct);
                items.AddRange(first.Take(Urgent));
                // Later pages leave the urgent ones out, so any past the first hundred are reached through their filter.
                if (first.Count > Urgent) MoreUrgent.Add(urgent);
            }
        }
        var page = await index.QueryAsync(query, PageSize, token, ct);
        var seen = items.Select(i => i.Id).ToHashSet();
        items.AddRange(page.Items.Where(i => !seen.Contains(i.Id) && (SlaStatus is not null || Display.SlaPriority(i.SlaStatus) > 1)));
        Items = items;
        NextPage = page.ContinuationToken is null ? null : Encode(page.ContinuationToken);
        return Page();
    }

    public string NextHref => $"/applications?{string.Join("&", new[] { ("state", State), ("stage", Stage), ("slaStatus", SlaStatus), ("organisation", IsApplicantOnly ? null : Organisation), ("page", NextPage) }
        .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"))}";

    private static string? Known(string? value, IEnumerable<string> allowed) => allowed.FirstOrDefault(a => a == value);

    private static string Encode(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string? page)
    {
        if (string.IsNullOrEmpty(page)) return null;
        var base64 = page.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - base64.Length % 4) % 4);
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return null;
        var token = Encoding.UTF8.GetString(bytes, 0, written);
        return token.Split(' ').Length == 2 && !token.Any(char.IsControl) ? token : null;
    }
}
