using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Sla;
using Dars.Runtime.Index;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Sla;

/// <summary>
/// The daily SLA check: asks the decider, for each application in the index's on-track, at-risk and breached
/// partitions, whether it is newly at risk or breached. The decider marks and notifies; an application with
/// nothing to mark is refused and left alone. The breached partition is read too because the index files an
/// application by its status when it was last indexed: an event between midnight and the check, on the day
/// the target is passed, files it as breached before any check has marked it.
/// </summary>
public sealed class SlaDailyCheck(ApplicationIndex index, ApplicationRuntime runtime, ILogger<SlaDailyCheck> logger) : IDailyCheck
{
    public string Name => "SLA check";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var status in new[] { SlaReport.OnTrack, SlaReport.AtRisk, SlaReport.Breached })
        {
            string? token = null;
            do
            {
                var page = await index.QueryAsync(new IndexQuery(SlaStatus: status), 100, token, cancellationToken);
                foreach (var entry in page.Items.Where(ToMark))
                {
                    var outcome = await runtime.RaiseAsync(entry.Id, new Command(new SlaStatusMarked(null, 0, null), Caller.System), RaiseOptions.None, cancellationToken);
                    if (outcome is Applied) marked++;
                }
                token = page.ContinuationToken;
            } while (token is not null);
        }
        if (marked > 0) logger.LogInformation("SLA check marked {Count} applications at risk or breached", marked);
        return marked;
    }

    /// <summary>
    /// Left out without a read: one already marked breached, and one whose clock has stopped (the breached group keeps
    /// those that stopped above the target, and they can be marked no more).
    /// </summary>
    internal static bool ToMark(IndexEntry entry) =>
        entry.SlaMark != SlaReport.Breached && Enum.TryParse<State>(entry.State, out var state) && Transitions.SlaRunning.Contains(state);
}
