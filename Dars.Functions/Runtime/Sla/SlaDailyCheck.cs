using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Sla;
using Dars.Runtime.Index;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Sla;

/// <summary>
/// The daily SLA check: asks the decider, for each application whose clock runs (the index's on-track and
/// at-risk partitions), whether it is newly at risk or breached. The decider marks and notifies; an
/// application with nothing to mark is refused and left alone.
/// </summary>
public sealed class SlaDailyCheck(ApplicationIndex index, ApplicationRuntime runtime, ILogger<SlaDailyCheck> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var status in new[] { SlaReport.OnTrack, SlaReport.AtRisk })
        {
            string? token = null;
            do
            {
                var page = await index.QueryAsync(new IndexQuery(SlaStatus: status), 100, token, cancellationToken);
                foreach (var entry in page.Items)
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
}
