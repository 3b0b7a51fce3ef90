using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;

namespace Dars.Activities.Access;

/// <summary>
/// Data production. Until datasets and the objection register are held (the data issue), it produces
/// no extract rows and reports the release-register reason the approved exemption calls for.
/// </summary>
public sealed class ProduceDataActivity : IActivity
{
    public Type EffectType => typeof(ProduceData);

    public Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken) =>
        Task.FromResult<EventData>(new DataProduced(application.Cohort.ValidRows, 0, 0, 0, 0,
            ReleaseRegister.ReasonFor(application.Form?.ObjectionExemption)));
}
