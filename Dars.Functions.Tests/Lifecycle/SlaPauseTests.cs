using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>LIFECYCLE.md "Service levels": when the clock starts, pauses (with reasons), resumes and stops.</summary>
public class SlaPauseTests : DeciderSpec
{
    private const string Ethics = "research-ethics";
    private const string Cag = "cag-section-251";

    [Fact]
    public void Referring_back_after_acceptance_opens_a_pause_for_referred_back()
    {
        Given(Submitted(), Accept)
            .When(ReferBack(), Olivia)
            .ThenState(s =>
            {
                Assert.Equal(At(1), s.Sla.StartedAt);
                Assert.True(s.Sla.Running);
                AssertJsonEqual([new SlaPause(Now, ["referred-back"])], s.Sla.Pauses);
            });
    }

    [Fact]
    public void The_resubmission_closes_the_referred_back_pause()
    {
        Given(Submitted(), Accept, ReferBack())
            .When(ResubmitTitle(), Alice)
            .ThenState(s =>
            {
                Assert.Null(s.Sla.OpenPause);
                Assert.True(s.Sla.Running);
                AssertJsonEqual([new SlaPause(At(2), ["referred-back"], Now)], s.Sla.Pauses);
            });
    }

    [Fact]
    public void Requesting_an_external_approval_pauses_the_clock_for_that_approval()
    {
        Given(Submitted(), Accept)
            .When(Requested(Ethics), Olivia)
            .ThenState(s => AssertJsonEqual([new SlaPause(Now, [$"external-approval:{Ethics}"])], s.Sla.Pauses));
    }

    [Fact]
    public void Approvals_listed_in_the_application_pause_the_clock_from_the_moment_it_starts()
    {
        Given(Submitted(Ethics, Cag))
            .When(Accept, Olivia)
            .ThenState(s =>
            {
                Assert.Equal(Now, s.Sla.StartedAt);
                AssertJsonEqual([new SlaPause(Now, [$"external-approval:{Ethics}", $"external-approval:{Cag}"])], s.Sla.Pauses);
            });
    }

    [Fact]
    public void The_clock_resumes_when_the_last_pending_approval_is_recorded()
    {
        Given(Submitted(Ethics), Accept)
            .When(Granted(Ethics), Olivia)
            .ThenState(s =>
            {
                Assert.Null(s.Sla.OpenPause);
                AssertJsonEqual([new SlaPause(At(1), [$"external-approval:{Ethics}"], Now)], s.Sla.Pauses);
            });
    }

    [Fact]
    public void While_another_approval_is_pending_the_clock_stays_paused_for_that_one()
    {
        Given(Submitted(Ethics, Cag), Accept)
            .When(Refused(Cag), Olivia)
            .ThenState(s =>
            {
                Assert.Equal([$"external-approval:{Ethics}"], s.Sla.OpenPause!.Reasons);
                Assert.Equal(Now, s.Sla.OpenPause.PausedAt);
            });
    }

    [Fact]
    public void Referred_back_with_an_approval_pending_records_both_reasons()
    {
        Given(Submitted(Ethics), Accept)
            .When(ReferBack(), Olivia)
            .ThenState(s => Assert.Equal(["referred-back", $"external-approval:{Ethics}"], s.Sla.OpenPause!.Reasons));
    }

    [Fact]
    public void Resubmitting_while_an_approval_is_still_pending_keeps_the_clock_paused_for_the_approval()
    {
        Given(Submitted(Ethics), Accept, ReferBack())
            .When(ResubmitTitle(), Alice)
            .ThenState(s =>
            {
                Assert.Equal([$"external-approval:{Ethics}"], s.Sla.OpenPause!.Reasons);
                Assert.Equal(Now, s.Sla.OpenPause.PausedAt);
            });
    }

    [Fact]
    public void Referring_back_before_acceptance_neither_starts_nor_pauses_the_clock()
    {
        Given(Submitted())
            .When(ReferBack(), Olivia)
            .ThenState(s =>
            {
                Assert.Null(s.Sla.StartedAt);
                Assert.Empty(s.Sla.Pauses);
            });
    }

    [Fact]
    public void Accepting_after_a_resubmission_starts_the_clock_at_that_acceptance()
    {
        Given(Submitted(), ReferBack(), ResubmitTitle())
            .When(Accept, Olivia)
            .ThenState(s =>
            {
                Assert.Equal(Now, s.Sla.StartedAt);
                Assert.Empty(s.Sla.Pauses);
            });
    }

    [Fact]
    public void Completing_the_assessment_keeps_the_clock_running()
    {
        Given(Submitted(Ethics), Accept, Granted(Ethics))
            .When(Assessed, Olivia)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingApproval, s.State);
                Assert.True(s.Sla.Running);
                Assert.Null(s.Sla.StoppedAt);
                Assert.Null(s.Sla.OpenPause);
                Assert.Single(s.Sla.Pauses);
            });
    }

    [Fact]
    public void Rejecting_under_assessment_stops_the_clock()
    {
        Given(Submitted(), Accept)
            .When(Reject, Olivia)
            .ThenState(s =>
            {
                Assert.Equal(Now, s.Sla.StoppedAt);
                Assert.False(s.Sla.Running);
            });
    }

    [Fact]
    public void Withdrawing_while_paused_closes_the_pause_and_stops_the_clock()
    {
        Given(Submitted(), Accept, ReferBack())
            .When(new Withdrawn("No longer needed"), Alice)
            .ThenState(s =>
            {
                Assert.Equal(Now, s.Sla.StoppedAt);
                AssertJsonEqual([new SlaPause(At(2), ["referred-back"], Now)], s.Sla.Pauses);
            });
    }

    [Fact]
    public void Terminating_under_assessment_stops_the_clock()
    {
        Given(Submitted(), Accept)
            .When(new Terminated("Duplicate"), Olivia)
            .ThenState(s => Assert.Equal(Now, s.Sla.StoppedAt));
    }

    [Fact]
    public void Events_that_change_no_pause_reason_leave_the_pauses_as_they_were()
    {
        Given(Submitted(Ethics), Accept)
            .When(new NotificationSent("application-accepted", "applicant", "The application passed initial review."), SystemCaller)
            .ThenState(s => AssertJsonEqual([new SlaPause(At(1), [$"external-approval:{Ethics}"])], s.Sla.Pauses));
    }
}
