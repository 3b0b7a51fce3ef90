using Dars.Lifecycle.Events;
using Dars.Lifecycle.Sla;

namespace Dars.Lifecycle.Rules;

/// <summary>The daily SLA check: marks an application newly at risk or breached, once per status.</summary>
internal static class SlaRules
{
    public static Decision Check(Application state, DecisionContext context)
    {
        var report = SlaReport.Compute(state.Sla, context.Now, context.Calendar, context.Options);
        if (report is null || report.Status is not (SlaReport.AtRisk or SlaReport.Breached) || report.Status == state.SlaMark)
            return new Rejected(RejectionKind.NotAwaited, $"Nothing to mark: the SLA is {report?.Status ?? "not started"}.");
        return Handlers.Accept(new SlaStatusMarked(report.Status, report.ElapsedWorkingDays, report.DueDate),
            Notify.Officers($"sla-{report.Status}", $"The application is {report.Status}: {report.ElapsedWorkingDays} of {report.TargetWorkingDays} working days used, due {report.DueDate:yyyy-MM-dd}."));
    }
}
