using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

public class RetryActivityTests : DeciderSpec
{
    [Fact]
    public void Retrying_when_no_activity_failed_is_not_awaited()
    {
        Given(Submitted()).When(new ActivityRetried(null), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_failed_activity_is_recorded_by_the_system_as_the_applications_failure()
    {
        Given(Submitted())
            .When(Failed(), SystemCaller)
            .Then(Failed())
            .ThenActingRole(Role.System)
            .ThenEffects()
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingInitialReview, s.State);
                Assert.Equal(new ActivityFailure("send-notification", "SMTP relay refused the message", 5, FailedNotice), s.Failure);
            });
    }

    [Fact]
    public void A_case_officer_retries_the_failed_activity_which_re_emits_its_effect_and_clears_the_failure()
    {
        var retry = new ActivityRetried("Relay fixed.");

        Given(Submitted(), By(SystemCaller, Failed()))
            .When(retry, Olivia)
            .Then(retry)
            .ThenActingRole(Role.CaseOfficer)
            .ThenEffects(FailedNotice)
            .ThenState(s =>
            {
                Assert.Null(s.Failure);
                Assert.Equal(State.AwaitingInitialReview, s.State);
            });
    }

    [Fact]
    public void Two_activities_failed_before_the_retry_are_both_run_again_by_it()
    {
        var timer = new ScheduleTimer("sla-check", Now.AddDays(1));

        Given(Submitted(), Accept, By(SystemCaller, Failed(timer)), By(SystemCaller, Failed()))
            .When(new ActivityRetried(null), Olivia)
            .ThenEffects(timer, FailedNotice)
            .ThenState(s => Assert.Empty(s.Failures));
    }

    [Fact]
    public void A_retried_timer_effect_is_scheduled_again()
    {
        var timer = new ScheduleTimer("sla-check", Now.AddDays(1));

        Given(Submitted(), Accept, By(SystemCaller, Failed(timer)))
            .When(new ActivityRetried(null), Olivia)
            .ThenEffects(timer);
    }

    [Fact]
    public void After_a_retry_there_is_nothing_left_to_retry()
    {
        Given(Submitted(), By(SystemCaller, Failed()), new ActivityRetried(null))
            .When(new ActivityRetried(null), Olivia)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void An_applicant_may_not_retry_an_activity()
    {
        Given(Submitted(), By(SystemCaller, Failed())).When(new ActivityRetried(null), Alice).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void Retrying_on_a_closed_application_is_not_awaited()
    {
        Given(Submitted(), Reject, By(SystemCaller, Failed())).When(new ActivityRetried(null), Olivia).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void A_failed_activity_can_be_retried_while_awaiting_the_destruction_certificate()
    {
        var state = new Application { Id = "app-1", State = State.AwaitingDestructionCertificate, Version = 30, EverReleased = true,
            Failure = new ActivityFailure("send-notification", "SMTP relay refused the message", 5, FailedNotice) };
        var context = new DecisionContext(Now, Infrastructure.Forms.Catalogue, new LifecycleOptions());

        var decision = Decider.Decide(new Command(new ActivityRetried(null), Olivia), state, context);

        var accepted = Assert.IsType<Accepted>(decision);
        Assert.Equal([FailedNotice], accepted.Effects);
    }

    public static TheoryData<string> People => ["alice", "olivia", "arthur", "dana", "audrey"];

    private static Caller Person(string name) => name switch
    {
        "alice" => Alice,
        "olivia" => Olivia,
        "arthur" => Arthur,
        "dana" => Dana,
        "audrey" => Audrey,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(People))]
    public void Activity_failed_raised_by_a_person_is_forbidden(string person)
    {
        Given(Submitted()).When(Failed(), Person(person)).ThenRejected(RejectionKind.Forbidden);
    }

    [Theory]
    [MemberData(nameof(People))]
    public void Notification_sent_raised_by_a_person_is_forbidden(string person)
    {
        Given(Submitted())
            .When(new NotificationSent("application-received", "applicant", "Received."), Person(person))
            .ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void The_system_records_a_notification_as_sent_without_changing_the_state()
    {
        var sent = new NotificationSent("application-received", "applicant", "The application was received for initial review.");

        Given(Submitted())
            .When(sent, SystemCaller)
            .Then(sent)
            .ThenActingRole(Role.System)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingInitialReview, s.State);
                Assert.Equal(2, s.Version);
                Assert.Null(s.Failure);
            });
    }

    [Fact]
    public void The_system_cannot_raise_a_persons_event()
    {
        Given(Submitted()).When(Accept, SystemCaller).ThenRejected(RejectionKind.Forbidden);
    }
}
