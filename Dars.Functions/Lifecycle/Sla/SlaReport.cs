namespace Dars.Lifecycle.Sla;

/// <summary>
/// The service-level position of an application at a given instant (the <c>sla</c> block of the
/// status resource), computed from its <see cref="SlaClock"/> in UK local working days.
/// </summary>
public sealed record SlaReport(
    DateOnly StartedOn,
    int TargetWorkingDays,
    int ElapsedWorkingDays,
    int PausedWorkingDays,
    bool Paused,
    IReadOnlyList<string> PauseReasons,
    DateOnly DueDate,
    string Status)
{
    public const string OnTrack = "on-track";
    public const string AtRisk = "at-risk";
    public const string Breached = "breached";
    public const string Met = "met";

    /// <summary>
    /// Computes the report at <paramref name="now"/>; null when the clock never started.
    /// </summary>
    /// <remarks>
    /// The start date (UK date of <see cref="SlaClock.StartedAt"/>) does not count. Each working day
    /// after it, up to and including "today", counts as elapsed unless the clock was paused at the end
    /// of that day (UK midnight starting the next day), in which case it counts as paused. "Today" is the
    /// UK date of <paramref name="now"/>, or of <see cref="SlaClock.StoppedAt"/> once stopped; for today
    /// the test is "paused at <paramref name="now"/>" (or at the stop instant). A stopped clock is
    /// evaluated entirely at its stop instant, so its report no longer changes.
    /// </remarks>
    public static SlaReport? Compute(SlaClock clock, DateTimeOffset now, WorkingCalendar calendar, LifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(options);

        if (clock.StartedAt is not { } startedAt)
            return null;

        var stopped = clock.StoppedAt is not null;
        var asOf = clock.StoppedAt ?? now;
        var startedOn = UkTime.DateOf(startedAt);
        var today = UkTime.DateOf(asOf);

        var elapsed = 0;
        var paused = 0;
        foreach (var day in calendar.WorkingDaysAfter(startedOn, today))
        {
            var checkAt = day == today ? asOf : StartOfUkDay(day.AddDays(1));
            if (IsPausedAt(clock, checkAt))
                paused++;
            else
                elapsed++;
        }

        var openPause = stopped ? null : clock.OpenPause;
        if (openPause is not null && openPause.PausedAt > now)
            openPause = null; // recorded after the instant being reported on

        var target = options.SlaTargetWorkingDays;
        var left = Math.Max(0, target - elapsed);
        var dueDate = calendar.AddWorkingDays(today, left);

        string status;
        if (stopped)
            status = elapsed <= target ? Met : Breached;
        else if (elapsed > target)
            status = Breached;
        else if (target - elapsed <= options.SlaAtRiskWorkingDays)
            status = AtRisk;
        else
            status = OnTrack;

        return new SlaReport(
            startedOn,
            target,
            elapsed,
            paused,
            openPause is not null,
            openPause is null ? [] : [.. openPause.Reasons],
            dueDate,
            status);
    }

    /// <summary>A pause covers <paramref name="instant"/> if it started at or before it and had not resumed by it.</summary>
    private static bool IsPausedAt(SlaClock clock, DateTimeOffset instant) =>
        clock.Pauses.Any(p => p.PausedAt <= instant && (p.ResumedAt is null || p.ResumedAt > instant));

    /// <summary>UK local midnight at the start of <paramref name="date"/>, as an instant (UK clocks never change at midnight).</summary>
    private static DateTimeOffset StartOfUkDay(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, UkTime.Zone), TimeSpan.Zero);
    }
}
