using System.Text;
using Dars.Lifecycle.Events;

namespace Dars.Lifecycle;

/// <summary>
/// The lifecycle as a Mermaid state diagram, drawn from <see cref="Transitions.Table"/> itself so the
/// picture cannot drift from the code. Events that may happen in (nearly) every state are noted once
/// instead of drawn from each; events that leave the state as it is are left out.
/// </summary>
public static class LifecycleDiagram
{
    private static readonly HashSet<string> Anywhere =
    [
        EventCatalog.NameOf<Withdrawn>(), EventCatalog.NameOf<Terminated>(), EventCatalog.NameOf<ActivityRetried>(),
        EventCatalog.NameOf<ActivityFailed>(), EventCatalog.NameOf<NotificationSent>(), EventCatalog.NameOf<AccessRevoked>(),
    ];

    public static string Mermaid(State? current = null)
    {
        var text = new StringBuilder("stateDiagram-v2\n");
        var edges = Transitions.Table
            .Where(t => !Anywhere.Contains(t.Event))
            .SelectMany(t => t.To.Where(to => to != t.From).Select(to => (t.From, To: to, Label: Label(t))))
            .GroupBy(e => (e.From, e.To), e => e.Label)
            .OrderBy(g => g.Key.From).ThenBy(g => g.Key.To);
        foreach (var edge in edges)
            text.Append($"    {Node(edge.Key.From)} --> {Node(edge.Key.To)} : {string.Join("<br/>", edge.Distinct())}\n");
        text.Append("    Closed --> [*]\n");
        text.Append("    note right of Closed\n");
        text.Append("        withdraw (Applicant) and terminate (CaseOfficer) from any open state:\n");
        text.Append("        Closed, or AwaitingDestructionCertificate once data was released.\n");
        text.Append("        retry-activity (CaseOfficer) re-runs a failed activity in any state before Closed.\n");
        text.Append("    end note\n");
        if (current is { } state)
        {
            text.Append("    classDef current fill:#005eb8,color:#ffffff,stroke:#003087,stroke-width:3px\n");
            text.Append($"    class {Node(state)} current\n");
        }
        return text.ToString();
    }

    private static string Node(State state) => state == State.New ? "[*]" : state.ToString();

    private static string Label(Transition t) => $"{t.Event} ({string.Join(" or ", t.Roles)})";
}
