using Dars.Lifecycle.Events;

namespace Dars.Lifecycle;

/// <summary>
/// The timers an application should have, derived from its state alone. A timer event is accepted only
/// if its instant is still in this schedule, which is how a renewal or a state change retires old timers.
/// Every timer falls at the start of a UK day.
/// </summary>
public static class Schedule
{
    public static IEnumerable<ScheduleTimer> For(Application state, LifecycleOptions options)
    {
        if (Transitions.AgreementRunning.Contains(state.State) && state.Agreement.ExpiryDate is { } expiry)
        {
            foreach (var days in options.ExpiryReminderDays)
                yield return Timer<ExpiryReminder>(expiry.AddDays(-days));
            yield return Timer<AgreementExpired>(expiry);
        }
        if (state.State == State.AwaitingDestructionCertificate && state.Destruction.DueDate is { } due)
        {
            foreach (var days in options.DestructionReminderDays)
                yield return Timer<DestructionReminder>(due.AddDays(-days));
            yield return Timer<DestructionOverdue>(due.AddDays(1));
        }
    }

    /// <summary>Whether a timer event still stands: its name and instant are in the current schedule.</summary>
    public static bool Holds(TimerEvent timer, Application state, LifecycleOptions options) =>
        For(state, options).Any(t => t.Timer == EventCatalog.NameOf(timer) && t.DueAt == timer.DueAt);

    private static ScheduleTimer Timer<T>(DateOnly date) where T : TimerEvent => new(EventCatalog.NameOf<T>(), UkTime.StartOf(date));
}
