namespace Dars.Lifecycle;

/// <summary>
/// Keeps the SLA clock's pauses in step with the state: paused while referred back after acceptance or
/// while any requested external approval is pending; stopped at the approval decision or on closing.
/// </summary>
internal static class SlaPausing
{
    public static SlaClock Update(Application state, DateTimeOffset at)
    {
        var clock = state.Sla;
        if (!clock.Running) return clock;
        if (state.State is not (State.ReferredBack or State.UnderAssessment or State.AwaitingApproval))
            return Resume(clock, at) with { StoppedAt = at };

        var reasons = ReasonsFor(state);
        var open = clock.OpenPause;
        if (open is not null && open.Reasons.SequenceEqual(reasons)) return clock;
        var resumed = Resume(clock, at);
        return reasons.Count == 0 ? resumed : resumed with { Pauses = [.. resumed.Pauses, new SlaPause(at, reasons)] };
    }

    public static IReadOnlyList<string> ReasonsFor(Application state) =>
    [
        .. state.State == State.ReferredBack ? ["referred-back"] : Array.Empty<string>(),
        .. state.ExternalApprovals.Where(a => a.Status == ApprovalStatus.Pending).Select(a => $"external-approval:{a.ApprovalType}"),
    ];

    private static SlaClock Resume(SlaClock clock, DateTimeOffset at) => clock.OpenPause is null
        ? clock
        : clock with { Pauses = [.. clock.Pauses.Take(clock.Pauses.Count - 1), clock.Pauses[^1] with { ResumedAt = at }] };
}
