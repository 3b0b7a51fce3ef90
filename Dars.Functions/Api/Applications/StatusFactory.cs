using Dars.Lifecycle;
using Dars.Lifecycle.Sla;

namespace Dars.Api.Applications;

/// <summary>Builds status resources with the SLA clock read against the current time and calendar.</summary>
public sealed class StatusFactory(TimeProvider time, WorkingCalendar calendar, LifecycleOptions options)
{
    public ApplicationStatus For(Application application, Caller caller, HttpRequest request) =>
        ApplicationStatus.Of(application, caller, Sla(application), $"{request.Scheme}://{request.Host}{request.PathBase}");

    public SlaReport? Sla(Application application) => SlaReport.Compute(application.Sla, time.GetUtcNow(), calendar, options);
}
