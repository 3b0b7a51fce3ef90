using System.Text.Json;
using Dars.Api.Applications;
using Dars.Lifecycle;
using Dars.Lifecycle.Sla;
using Dars.Runtime;
using Dars.Runtime.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Applications;

/// <summary>
/// One application as the person may see it: status, SLA clock, approvals, agreement, cohort,
/// production, release, the history as a timeline, the lifecycle picture, and exactly the actions
/// <see cref="Decider.Awaiting"/> lists for this person.
/// </summary>
public sealed class DetailsModel(ApplicationRuntime runtime, StatusFactory statuses) : DarsPage
{
    /// <summary>States where DARS itself is working and the page follows it to the result.</summary>
    public static readonly IReadOnlySet<State> Working = new HashSet<State> { State.ValidatingCohort, State.ProducingData, State.ReleasingData };

    public Application Application { get; private set; } = new();
    public SlaReport? Sla { get; private set; }
    public IReadOnlyList<string> Awaiting { get; private set; } = [];
    public IReadOnlyList<RecordedEvent> History { get; private set; } = [];

    public bool InProgress => Working.Contains(Application.State) && Application.Failure is null;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await runtime.GetAsync(id, Caller, ct) is not { } application) return NotFound();
        Application = application;
        Sla = statuses.Sla(application);
        Awaiting = Decider.Awaiting(application, Caller);
        History = await runtime.GetHistoryAsync(id, Caller, ct) ?? [];
        return Page();
    }

    /// <summary>The members of an event worth showing in the timeline, as label and text.</summary>
    public static IReadOnlyList<(string Label, string Value)> Describe(RecordedEvent e)
    {
        var data = DarsJson.ToElement(e.Data);
        var rows = new List<(string, string)>();
        foreach (var property in data.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
            if (property.Name is "application" && value.ValueKind == JsonValueKind.Object)
            {
                if (value.TryGetProperty("title", out var title)) rows.Add(("Title", title.ToString()));
                continue;
            }
            if (property.Name is "changes" && value.ValueKind == JsonValueKind.Object)
            {
                var changed = value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => Display.Words(Capital(p.Name))).ToArray();
                rows.Add(("Changed", changed.Length == 0 ? "nothing" : string.Join(", ", changed)));
                continue;
            }
            if (property.Name is "effect" or "blobName" or "extracts" or "files" or "dueAt") continue;
            var text = value.ValueKind switch
            {
                JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind != JsonValueKind.Object) =>
                    string.Join("; ", value.EnumerateArray().Select(v => v.ToString())),
                JsonValueKind.Array => string.Join("; ", value.EnumerateArray().Select(v =>
                    string.Join(", ", v.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => $"{p.Name}: {p.Value}")))),
                JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}: {p.Value}")),
                JsonValueKind.True => "yes",
                JsonValueKind.False => "no",
                _ => value.ToString(),
            };
            if (text.Length == 0) continue;
            rows.Add((Display.Words(Capital(property.Name)), text));
        }
        return rows;
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
