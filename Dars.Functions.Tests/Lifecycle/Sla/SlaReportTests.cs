using Dars.Lifecycle;
using Dars.Lifecycle.Sla;

namespace Dars.Tests.Lifecycle.Sla;

public class SlaReportTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;
    private static readonly LifecycleOptions Defaults = new();
    private static readonly LifecycleOptions TenDayTarget = new() { SlaTargetWorkingDays = 10, SlaAtRiskWorkingDays = 5 };

    /// <summary>An instant given as UK local wall-clock time ("yyyy-MM-dd HH:mm").</summary>
    private static DateTimeOffset Uk(string local)
    {
        var wallClock = DateTime.SpecifyKind(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wallClock, UkTime.Zone), TimeSpan.Zero);
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static SlaPause Pause(string from, string? to, params string[] reasons) =>
        new(Uk(from), reasons.Length == 0 ? ["referred-back"] : reasons, to is null ? null : Uk(to));

    private static SlaReport Report(SlaClock clock, DateTimeOffset now, LifecycleOptions? options = null) =>
        SlaReport.Compute(clock, now, Calendar, options ?? Defaults) ?? throw new Xunit.Sdk.XunitException("expected a report");

    [Fact]
    public void Given_a_clock_that_never_started_When_computing_Then_there_is_no_report()
    {
        var report = SlaReport.Compute(new SlaClock(), Uk("2026-03-10 12:00"), Calendar, Defaults);

        Assert.Null(report);
    }

    [Fact]
    public void Given_a_clock_started_on_a_Friday_When_computed_the_next_Tuesday_Then_only_Monday_and_Tuesday_have_elapsed()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-06 10:00") };

        var report = Report(clock, Uk("2026-03-10 09:00"));

        Assert.Equal(D(2026, 3, 6), report.StartedOn);
        Assert.Equal(60, report.TargetWorkingDays);
        Assert.Equal(2, report.ElapsedWorkingDays);
        Assert.Equal(0, report.PausedWorkingDays);
        Assert.False(report.Paused);
        Assert.Empty(report.PauseReasons);
        Assert.Equal(SlaReport.OnTrack, report.Status);
    }

    [Fact]
    public void Given_a_clock_started_today_When_computed_today_Then_nothing_has_elapsed_and_the_due_date_is_the_full_target_away()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-09 09:00") };

        var report = Report(clock, Uk("2026-03-09 17:00"), TenDayTarget);

        Assert.Equal(0, report.ElapsedWorkingDays);
        Assert.Equal(D(2026, 3, 23), report.DueDate); // 10 working days after Mon 9 March
    }

    [Fact]
    public void Given_a_pause_spanning_Easter_When_resumed_Then_only_the_working_days_paused_at_their_end_count_as_paused()
    {
        // Started Mon 30 Mar; paused Wed 1 Apr; resumed Tue 7 Apr (after Good Friday, the weekend and Easter Monday).
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-03-30 09:00"),
            Pauses = [Pause("2026-04-01 14:00", "2026-04-07 11:00")],
        };

        var report = Report(clock, Uk("2026-04-09 12:00"));

        // Elapsed: Tue 31 Mar, Tue 7, Wed 8, Thu 9 Apr. Paused: Wed 1, Thu 2 Apr.
        Assert.Equal(4, report.ElapsedWorkingDays);
        Assert.Equal(2, report.PausedWorkingDays);
        Assert.False(report.Paused);
        Assert.Empty(report.PauseReasons);
    }

    [Fact]
    public void Given_a_pause_started_and_resumed_the_same_day_When_computed_Then_no_day_counts_as_paused()
    {
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-03-06 10:00"),
            Pauses = [Pause("2026-03-10 10:00", "2026-03-10 15:00")],
        };

        var report = Report(clock, Uk("2026-03-11 12:00"));

        Assert.Equal(3, report.ElapsedWorkingDays);
        Assert.Equal(0, report.PausedWorkingDays);
        Assert.False(report.Paused);
    }

    [Fact]
    public void Given_an_open_pause_When_computed_Then_today_counts_as_paused_and_the_open_pause_reasons_are_reported()
    {
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-03-02 09:00"),
            Pauses =
            [
                Pause("2026-03-03 09:00", "2026-03-03 16:00", "referred-back"),
                Pause("2026-03-05 10:00", null, "external-approval:research-ethics", "external-approval:ons-accredited-researcher"),
            ],
        };

        var report = Report(clock, Uk("2026-03-09 09:00"));

        // Tue 3, Wed 4 elapsed; Thu 5, Fri 6, Mon 9 (paused now) paused.
        Assert.Equal(2, report.ElapsedWorkingDays);
        Assert.Equal(3, report.PausedWorkingDays);
        Assert.True(report.Paused);
        Assert.Equal(["external-approval:research-ethics", "external-approval:ons-accredited-researcher"], report.PauseReasons);
        Assert.Equal(D(2026, 6, 3), report.DueDate); // 58 working days after Mon 9 Mar, skipping Easter and early May
    }

    [Fact]
    public void Given_a_pause_resumed_earlier_today_When_computed_Then_today_counts_as_elapsed()
    {
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-03-06 09:00"),
            Pauses = [Pause("2026-03-09 10:00", "2026-03-10 08:00")],
        };

        var report = Report(clock, Uk("2026-03-10 09:00"));

        Assert.Equal(1, report.ElapsedWorkingDays); // Tue 10 (resumed before now)
        Assert.Equal(1, report.PausedWorkingDays); // Mon 9 (paused at its end)
        Assert.False(report.Paused);
    }

    [Fact]
    public void Given_four_days_left_before_Easter_When_computing_the_due_date_Then_the_bank_holidays_are_skipped()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-23 09:00") };

        var report = Report(clock, Uk("2026-03-27 12:00"), TenDayTarget);

        Assert.Equal(4, report.ElapsedWorkingDays);
        // 6 left: Mon 30, Tue 31, Wed 1, Thu 2, (Good Friday, weekend, Easter Monday), Tue 7, Wed 8.
        Assert.Equal(D(2026, 4, 8), report.DueDate);
        Assert.Equal(SlaReport.OnTrack, report.Status);
    }

    [Theory]
    [InlineData("2026-03-06 12:00", 4, "on-track")]  // 6 left
    [InlineData("2026-03-09 12:00", 5, "at-risk")]   // exactly 5 left
    [InlineData("2026-03-16 12:00", 10, "at-risk")]  // 0 left: at the target, not above it
    [InlineData("2026-03-17 12:00", 11, "breached")] // above the target
    public void Given_a_running_clock_When_days_elapse_Then_the_status_moves_from_on_track_to_at_risk_to_breached(string now, int expectedElapsed, string expectedStatus)
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-02 09:00") };

        var report = Report(clock, Uk(now), TenDayTarget);

        Assert.Equal(expectedElapsed, report.ElapsedWorkingDays);
        Assert.Equal(expectedStatus, report.Status);
    }

    [Theory]
    [InlineData("2026-03-20 12:00", 54, "on-track")] // 6 left of 60
    [InlineData("2026-03-23 12:00", 55, "at-risk")]  // 5 left of 60
    [InlineData("2026-03-31 12:00", 61, "breached")]
    public void Given_the_default_60_day_target_When_days_elapse_Then_the_at_risk_window_is_the_last_5_days(string now, int expectedElapsed, string expectedStatus)
    {
        var clock = new SlaClock { StartedAt = Uk("2026-01-05 09:00") };

        var report = Report(clock, Uk(now));

        Assert.Equal(expectedElapsed, report.ElapsedWorkingDays);
        Assert.Equal(expectedStatus, report.Status);
    }

    [Fact]
    public void Given_a_breached_running_clock_When_computing_the_due_date_Then_it_is_today()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-02 09:00") };

        var report = Report(clock, Uk("2026-03-18 12:00"), TenDayTarget);

        Assert.Equal(12, report.ElapsedWorkingDays);
        Assert.Equal(D(2026, 3, 18), report.DueDate);
        Assert.Equal(SlaReport.Breached, report.Status);
    }

    [Fact]
    public void Given_a_clock_stopped_within_the_target_When_computed_much_later_Then_it_is_met_and_frozen_at_the_stop()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-02 09:00"), StoppedAt = Uk("2026-03-13 15:00") };

        var report = Report(clock, Uk("2026-06-01 12:00"), TenDayTarget);

        Assert.Equal(9, report.ElapsedWorkingDays);
        Assert.Equal(D(2026, 3, 16), report.DueDate); // 1 working day after the stop date
        Assert.Equal(SlaReport.Met, report.Status);
        Assert.False(report.Paused);
    }

    [Fact]
    public void Given_a_clock_stopped_exactly_at_the_target_When_computed_Then_it_is_met_not_at_risk()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-02 09:00"), StoppedAt = Uk("2026-03-16 15:00") };

        var report = Report(clock, Uk("2026-03-16 16:00"), TenDayTarget);

        Assert.Equal(10, report.ElapsedWorkingDays);
        Assert.Equal(SlaReport.Met, report.Status);
    }

    [Fact]
    public void Given_a_clock_stopped_above_the_target_When_computed_Then_it_stays_breached()
    {
        var clock = new SlaClock { StartedAt = Uk("2026-03-02 09:00"), StoppedAt = Uk("2026-03-17 15:00") };

        var report = Report(clock, Uk("2026-06-01 12:00"), TenDayTarget);

        Assert.Equal(11, report.ElapsedWorkingDays);
        Assert.Equal(SlaReport.Breached, report.Status);
    }

    [Fact]
    public void Given_a_clock_stopped_while_a_pause_is_open_When_computed_Then_it_is_not_reported_as_paused()
    {
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-03-02 09:00"),
            StoppedAt = Uk("2026-03-05 15:00"),
            Pauses = [Pause("2026-03-04 10:00", null)],
        };

        var report = Report(clock, Uk("2026-03-20 12:00"), TenDayTarget);

        Assert.Equal(1, report.ElapsedWorkingDays); // Tue 3
        Assert.Equal(2, report.PausedWorkingDays); // Wed 4, Thu 5 (paused at the stop)
        Assert.False(report.Paused);
        Assert.Empty(report.PauseReasons);
        Assert.Equal(SlaReport.Met, report.Status);
    }

    [Fact]
    public void Given_summer_time_When_the_clock_starts_and_is_read_at_23_30_UTC_Then_UK_dates_are_used()
    {
        // 23:30 UTC on Thu 4 June is 00:30 BST on Fri 5 June; 23:30 UTC on Fri is 00:30 BST on Sat.
        var clock = new SlaClock { StartedAt = DateTimeOffset.Parse("2026-06-04T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture) };

        var report = Report(clock, DateTimeOffset.Parse("2026-06-05T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(D(2026, 6, 5), report.StartedOn);
        Assert.Equal(0, report.ElapsedWorkingDays); // "today" is Saturday in the UK, and Friday was the start date
    }

    [Fact]
    public void Given_summer_time_When_a_pause_starts_at_23_30_UTC_Then_it_falls_on_the_next_UK_day()
    {
        // Pause at 23:30 UTC Tue 2 June = 00:30 BST Wed 3 June: Tuesday ended unpaused.
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-06-01 09:00"),
            Pauses = [new SlaPause(DateTimeOffset.Parse("2026-06-02T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture), ["referred-back"])],
        };

        var report = Report(clock, Uk("2026-06-03 12:00"));

        Assert.Equal(1, report.ElapsedWorkingDays); // Tue 2
        Assert.Equal(1, report.PausedWorkingDays); // Wed 3 (paused now)
        Assert.True(report.Paused);
    }

    [Fact]
    public void Given_a_pause_resumed_exactly_at_UK_midnight_When_computed_Then_the_day_before_was_not_paused_at_its_end()
    {
        var clock = new SlaClock
        {
            StartedAt = Uk("2026-06-01 09:00"),
            Pauses = [Pause("2026-06-02 10:00", "2026-06-03 00:00")],
        };

        var report = Report(clock, Uk("2026-06-03 12:00"));

        Assert.Equal(2, report.ElapsedWorkingDays);
        Assert.Equal(0, report.PausedWorkingDays);
    }
}
