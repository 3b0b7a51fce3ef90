using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Runtime.Activities;

/// <summary>
/// Carries out one kind of effect and says what happened as an event for the decider. It may run more
/// than once for one effect (at-least-once delivery); <see cref="ActivityWorker"/> keeps the recorded
/// result to one, and the activity keys any outside effect on <c>effectId</c>.
/// </summary>
public interface IActivity
{
    Type EffectType { get; }

    Task<EventData> RunAsync(Application application, string effectId, Effect effect, CancellationToken cancellationToken);
}
