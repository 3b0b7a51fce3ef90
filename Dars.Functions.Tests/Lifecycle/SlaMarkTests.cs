using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Sla;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// LIFECYCLE.md "Service levels": the daily check marks an application at-risk (5 or fewer working days left)
/// or breached (elapsed above the 60-day target) once per status, and tells the case officers.
/// </summary>
public class SlaMarkTests : LaterStageSpec
{
    // The clock starts when olivia accepts, At(1) = Monday 16 November 2026 11:00 (GMT). Working days are
    // counted here independently: weekdays after the start date, without the England and Wales bank holidays
    // of the period (Christmas Day, Boxing Day substitute, New Year's Day).
    private static readonly DateOnly StartedOn = new(2026, 11, 16);
    private static readonly DateOnly[] BankHolidays = [new(2026, 12, 25), new(2026, 12, 28), new(2027, 1, 1)];

    private static bool IsWorkingDay(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !BankHolidays.Contains(d);

    private static int ElapsedOn(DateOnly today)
    {
        var n = 0;
        for (var d = StartedOn.AddDays(1); d <= today; d = d.AddDays(1)) if (IsWorkingDay(d)) n++;
        return n;
    }

    private static DateOnly AddWorkingDays(DateOnly from, int days)
    {
        var d = from;
        while (days > 0) { d = d.AddDays(1); if (IsWorkingDay(d)) days--; }
        return d;
    }

    /// <summary>The daily check at 10:00 UK time (GMT in winter) on <paramref name="day"/>, with the real calendar.</summary>
    private static DecisionContext On(DateOnly day) =>
        new(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), Forms.Catalogue, new LifecycleOptions(), WorkingCalendar.EnglandAndWales);

    private static readonly DateOnly Day54 = new(2027, 2, 3);
    private static readonly DateOnly Day55 = new(2027, 2, 4);
    private static readonly DateOnly Day60 = new(2027, 2, 11);
    private static readonly DateOnly Day61 = new(2027, 2, 12);

    [Fact]
    public void The_chosen_days_are_54_55_60_and_61_working_days_after_the_start()
    {
        Assert.Equal(At(1), Given(ToApproval()).State.Sla.StartedAt);
        Assert.Equal(StartedOn, UkTime.DateOf(At(1)));
        Assert.Equal([54, 55, 60, 61], new[] { Day54, Day55, Day60, Day61 }.Select(ElapsedOn));
        Assert.Equal([54, 55, 60, 61], new[] { Day54, Day55, Day60, Day61 }.Select(d => WorkingCalendar.EnglandAndWales.CountWorkingDaysAfter(StartedOn, d)));
    }

    [Fact]
    public void On_track_there_is_nothing_to_mark()
    {
        Given(ToApproval()).WithContext(On(Day54)).When(SlaCheck, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void With_5_working_days_left_it_is_marked_at_risk_and_officers_are_told()
    {
        var expected = new SlaStatusMarked("at-risk", ElapsedOn(Day55), AddWorkingDays(Day55, 60 - ElapsedOn(Day55)));
        Assert.Equal(new SlaStatusMarked("at-risk", 55, new DateOnly(2027, 2, 11)), expected);

        Given(ToApproval())
            .WithContext(On(Day55))
            .When(SlaCheck, SystemCaller)
            .Then(expected)
            .ThenActingRole(Role.System)
            .ThenNotifies(("sla-at-risk", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal("at-risk", s.SlaMark);
                Assert.Equal(State.AwaitingApproval, s.State);
            });
    }

    [Fact]
    public void With_no_working_days_left_but_not_above_the_target_it_is_still_at_risk()
    {
        Given(ToApproval())
            .WithContext(On(Day60))
            .When(SlaCheck, SystemCaller)
            .Then(new SlaStatusMarked("at-risk", 60, Day60));
    }

    [Fact]
    public void Above_the_target_it_is_marked_breached()
    {
        Given(ToApproval())
            .WithContext(On(Day61))
            .When(SlaCheck, SystemCaller)
            .Then(new SlaStatusMarked("breached", 61, Day61))
            .ThenNotifies(("sla-breached", "case-officers"))
            .ThenState(s => Assert.Equal("breached", s.SlaMark));
    }

    [Fact]
    public void Under_assessment_it_is_marked_the_same_way()
    {
        Given(Submitted(), Accept)
            .WithContext(On(Day55))
            .When(SlaCheck, SystemCaller)
            .Then(new SlaStatusMarked("at-risk", 55, new DateOnly(2027, 2, 11)));
    }

    [Fact]
    public void Once_marked_at_risk_the_same_status_is_not_marked_again()
    {
        var first = Given(ToApproval()).WithContext(On(Day55)).When(SlaCheck, SystemCaller);
        var marked = first.After;

        Assert.Equal(RejectionKind.NotAwaited, Assert.IsType<Rejected>(Decider.Decide(new Command(SlaCheck, Caller.System), marked, On(Day55))).Kind);
        Assert.Equal(RejectionKind.NotAwaited, Assert.IsType<Rejected>(Decider.Decide(new Command(SlaCheck, Caller.System), marked, On(Day60))).Kind);

        var breached = Assert.IsType<Accepted>(Decider.Decide(new Command(SlaCheck, Caller.System), marked, On(Day61)));
        Assert.Equal(new SlaStatusMarked("breached", 61, Day61), Assert.Single(breached.Events));
    }

    [Fact]
    public void Once_marked_breached_it_is_not_marked_again()
    {
        Given([.. ToApproval(), By(SystemCaller, new SlaStatusMarked("breached", 61, Day61))])
            .WithContext(On(Day61.AddDays(5)))
            .When(SlaCheck, SystemCaller)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Days_paused_while_referred_back_do_not_count()
    {
        // Referred back on the day of acceptance and never resubmitted: every day since counts as paused.
        Given(Submitted(), Accept, ReferBack())
            .WithContext(On(Day61))
            .When(SlaCheck, SystemCaller)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void After_the_approval_decision_the_clock_is_stopped_and_nothing_is_marked()
    {
        Given(ToProviderSignature()).WithContext(On(Day61)).When(SlaCheck, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToActive()).WithContext(On(Day61)).When(SlaCheck, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Before_the_clock_starts_nothing_is_marked()
    {
        Given(Submitted()).WithContext(On(Day61)).When(SlaCheck, SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_person_may_not_mark_the_SLA()
    {
        foreach (var person in new[] { Olivia, Arthur, Alice, Audrey })
            Given(ToApproval()).WithContext(On(Day61)).When(SlaCheck, person).ThenRejected(RejectionKind.Forbidden);
    }
}
