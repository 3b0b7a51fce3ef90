using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>
/// LIFECYCLE.md "Timers" and the Deletion stage: expiry reminders, agreement expiry, destruction reminders and
/// overdue, and the certificate of destruction. A timer event stands only at an instant of the current schedule.
/// </summary>
public class ExpiryAndDestructionTests : LaterStageSpec
{
    /// <summary>The default agreement expires Wednesday 30 June 2027, in BST: its timers fall at 23:00 UTC the day before.</summary>
    private static readonly DateTimeOffset ExpiryInstant = UkMidnight(2027, 6, 30, summer: true);

    private static readonly DateTimeOffset[] ReminderDueAts =
    [
        UkMidnight(2027, 4, 1, summer: true),   // 90 days before
        UkMidnight(2027, 5, 31, summer: true),  // 30 days before
        UkMidnight(2027, 6, 23, summer: true),  // 7 days before
    ];

    public static TheoryData<DateTimeOffset> ReminderInstants => [.. ReminderDueAts];

    public static TheoryData<string> Running => ["Active", "UnderRenewal", "Suspended"];

    private static Step[] In(string running, DateOnly? expiry = null) => running switch
    {
        "Active" => ToActive(expiry),
        "UnderRenewal" => ToUnderRenewal(expiry),
        "Suspended" => ToSuspended(expiry),
        _ => throw new ArgumentOutOfRangeException(nameof(running)),
    };

    [Fact]
    public void The_schedule_instants_written_out_are_UK_midnights()
    {
        Assert.Equal(new DateTimeOffset(2027, 6, 29, 23, 0, 0, TimeSpan.Zero), ExpiryInstant);
        Assert.Equal(UkTime.StartOf(Expiry), ExpiryInstant);
    }

    // ---- expiry reminders ----

    [Theory]
    [MemberData(nameof(ReminderInstants))]
    public void An_expiry_reminder_at_a_scheduled_instant_notifies_the_applicant(DateTimeOffset dueAt)
    {
        var reminder = new ExpiryReminder(dueAt);

        Given(ToActive())
            .WithNow(dueAt)
            .When(reminder, SystemCaller)
            .Then(reminder)
            .ThenActingRole(Role.System)
            .ThenNotifies(("expiry-reminder", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.Active, s.State);
                Assert.Equal(Expiry, s.Agreement.ExpiryDate);
            });
    }

    [Theory]
    [MemberData(nameof(Running))]
    public void Expiry_reminders_stand_while_under_renewal_and_suspended_too(string running)
    {
        var reminder = new ExpiryReminder(UkMidnight(2027, 6, 23, summer: true));
        Given(In(running)).When(reminder, SystemCaller).Then(reminder).ThenNotifies(("expiry-reminder", "applicant"));
    }

    public static TheoryData<DateTimeOffset> NotReminderInstants =>
    [
        UkMidnight(2027, 3, 31, summer: true),                   // 91 days before
        UkMidnight(2027, 6, 16, summer: true),                   // 14 days before
        new DateTimeOffset(2027, 5, 31, 0, 0, 0, TimeSpan.Zero), // UTC midnight: 01:00 in the UK, not the start of the day
        UkMidnight(2027, 5, 31, summer: true).AddHours(9),       // the right day, the wrong time
        ExpiryInstant,                                           // the expiry itself is not a reminder
    ];

    [Theory]
    [MemberData(nameof(NotReminderInstants))]
    public void An_expiry_reminder_at_any_other_instant_is_not_awaited(DateTimeOffset dueAt)
    {
        Given(ToActive()).WithNow(dueAt).When(new ExpiryReminder(dueAt), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void After_a_renewal_the_old_reminders_and_expiry_are_stale_and_the_new_ones_stand()
    {
        var renewed = Given([.. ToUnderRenewal(), By(Arthur, ApproveRenewal(12))]);
        Assert.Equal(new DateOnly(2028, 6, 30), renewed.State.Agreement.ExpiryDate);

        foreach (var old in ReminderDueAts)
            renewed.When(new ExpiryReminder(old), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        renewed.When(new AgreementExpired(ExpiryInstant), SystemCaller).ThenRejected(RejectionKind.NotAwaited);

        renewed.When(new ExpiryReminder(UkMidnight(2028, 5, 31, summer: true)), SystemCaller).ThenNotifies(("expiry-reminder", "applicant"));
    }

    [Fact]
    public void Expiry_timers_do_not_stand_once_access_has_ended()
    {
        Given(ToAwaitingDestruction(Today.AddDays(10)))
            .When(new ExpiryReminder(UkTime.StartOf(Today.AddDays(-27))), SystemCaller)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- agreement expired ----

    [Fact]
    public void At_the_expiry_instant_access_is_revoked_and_the_certificate_falls_due_in_30_days()
    {
        var expired = new AgreementExpired(ExpiryInstant);
        var due = new DestructionCertificateDue(new DateOnly(2027, 7, 30));

        var scenario = Given(ToActive())
            .WithNow(ExpiryInstant)
            .When(expired, SystemCaller)
            .Then(expired, due)
            .ThenActingRole(Role.System)
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDestructionCertificate, s.State);
                Assert.Equal(Stage.Deletion, s.Stage);
                Assert.Null(s.Outcome);
                Assert.Equal(new DateOnly(2027, 7, 30), s.Destruction.DueDate);
                Assert.False(s.Destruction.Overdue);
            });

        var effects = scenario.Accepted.Effects;
        Assert.Equal([new RevokeAccess("agreement-expired")], effects.OfType<RevokeAccess>());
        Assert.Contains(effects, e => e is SendNotification { Template: "agreement-expired", Recipient: "applicant" });
        Assert.Equal(
            [
                Timer("destruction-reminder", UkMidnight(2027, 7, 23, summer: true)), // 7 days before the due date
                Timer("destruction-reminder", UkMidnight(2027, 7, 30, summer: true)), // on the due date
                Timer("destruction-overdue", UkMidnight(2027, 7, 31, summer: true)),  // the day after
            ],
            Timers(scenario).OrderBy(t => t.DueAt));
    }

    [Fact]
    public void An_expiry_acted_on_late_still_counts_the_certificates_30_days_from_the_expiry_date()
    {
        var expired = new AgreementExpired(ExpiryInstant);

        Given(ToActive())
            .WithNow(ExpiryInstant.AddDays(2).AddHours(9))
            .When(expired, SystemCaller)
            .Then(expired, new DestructionCertificateDue(new DateOnly(2027, 7, 30)));
    }

    [Theory]
    [MemberData(nameof(Running))]
    public void The_expiry_acts_the_same_in_every_running_state(string running)
    {
        // Expires today (Monday 23 November 2026, GMT); decided at 10:00.
        var expired = new AgreementExpired(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));

        var scenario = Given(In(running, Today))
            .When(expired, SystemCaller)
            .Then(expired, new DestructionCertificateDue(new DateOnly(2026, 12, 23)))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDestructionCertificate, s.State);
                Assert.Null(s.Renewal);
            });
        Assert.Contains(new RevokeAccess("agreement-expired"), scenario.Accepted.Effects);
        Assert.Equal(
            [
                Timer("destruction-reminder", UkMidnight(2026, 12, 16, summer: false)),
                Timer("destruction-reminder", UkMidnight(2026, 12, 23, summer: false)),
                Timer("destruction-overdue", UkMidnight(2026, 12, 24, summer: false)),
            ],
            Timers(scenario).OrderBy(t => t.DueAt));
    }

    [Fact]
    public void Under_renewal_the_pending_renewal_lapses_at_expiry()
    {
        var scenario = Given(ToUnderRenewal(Today));
        Assert.NotNull(scenario.State.Renewal);

        scenario.When(new AgreementExpired(UkTime.StartOf(Today)), SystemCaller)
            .ThenState(s => Assert.Null(s.Renewal));
        Given([.. ToUnderRenewal(Today), new AgreementExpired(UkTime.StartOf(Today))])
            .When(ApproveRenewal(), Arthur)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    /// <summary>
    /// Not spelled out by LIFECYCLE.md (its expiry row is for Active, UnderRenewal and Suspended): the agreement runs
    /// from its start, so its timers stand before the release too; with nothing released there is nothing to destroy.
    /// </summary>
    [Fact]
    public void Before_any_release_the_reminders_stand_and_the_expiry_closes_it_as_Completed_without_a_certificate()
    {
        var reminder = new ExpiryReminder(UkMidnight(2027, 6, 23, summer: true));
        Given(ToAwaitingCohort()).When(reminder, SystemCaller).Then(reminder).ThenNotifies(("expiry-reminder", "applicant"));

        var expired = new AgreementExpired(ExpiryInstant);
        var scenario = Given(ToProducingData())
            .WithNow(ExpiryInstant)
            .When(expired, SystemCaller)
            .Then(expired)
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Completed, s.Outcome);
                Assert.Null(s.Destruction.DueDate);
            });
        Assert.DoesNotContain(scenario.Accepted.Effects, e => e is RevokeAccess or ScheduleTimer);
    }

    [Fact]
    public void An_agreement_expired_at_another_instant_is_not_awaited()
    {
        Given(ToActive()).When(new AgreementExpired(ExpiryInstant.AddDays(-1)), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToActive()).When(new AgreementExpired(ExpiryInstant.AddHours(1)), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToActive()).When(new AgreementExpired(UkMidnight(2027, 6, 23, summer: true)), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    // ---- destruction reminders and overdue ----

    /// <summary>The certificate is due Thursday 10 December 2026 (GMT).</summary>
    private static readonly DateOnly Due = new(2026, 12, 10);

    [Theory]
    [InlineData(3)]  // 7 days before
    [InlineData(10)] // on the due date
    public void A_destruction_reminder_at_a_scheduled_instant_notifies_the_applicant(int day)
    {
        var reminder = new DestructionReminder(UkMidnight(2026, 12, day, summer: false));

        Given(ToAwaitingDestruction(Due))
            .WithNow(reminder.DueAt)
            .When(reminder, SystemCaller)
            .Then(reminder)
            .ThenNotifies(("destruction-reminder", "applicant"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDestructionCertificate, s.State);
                Assert.False(s.Destruction.Overdue);
            });
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(11)] // the overdue instant is not a reminder
    public void A_destruction_reminder_at_any_other_instant_is_not_awaited(int day)
    {
        Given(ToAwaitingDestruction(Due))
            .When(new DestructionReminder(UkMidnight(2026, 12, day, summer: false)), SystemCaller)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void The_day_after_the_due_date_the_certificate_is_overdue_and_officers_are_told()
    {
        var overdue = new DestructionOverdue(UkMidnight(2026, 12, 11, summer: false));

        Given(ToAwaitingDestruction(Due))
            .WithNow(overdue.DueAt)
            .When(overdue, SystemCaller)
            .Then(overdue)
            .ThenNotifies(("destruction-overdue", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.AwaitingDestructionCertificate, s.State);
                Assert.True(s.Destruction.Overdue);
                Assert.Equal(Due, s.Destruction.DueDate);
            });
    }

    [Theory]
    [InlineData(10)]
    [InlineData(12)]
    public void Destruction_overdue_at_any_other_instant_is_not_awaited(int day)
    {
        Given(ToAwaitingDestruction(Due))
            .When(new DestructionOverdue(UkMidnight(2026, 12, day, summer: false)), SystemCaller)
            .ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Destruction_timers_are_not_awaited_while_the_agreement_runs()
    {
        Given(ToActive()).When(new DestructionReminder(ExpiryInstant), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
        Given(ToActive()).When(new DestructionOverdue(ExpiryInstant), SystemCaller).ThenRejected(RejectionKind.NotAwaited);
    }

    public static TheoryData<string> TimerNames => ["expiry-reminder", "agreement-expired", "destruction-reminder", "destruction-overdue"];

    private static TimerEvent TimerEventNamed(string name) => name switch
    {
        "expiry-reminder" => new ExpiryReminder(UkMidnight(2027, 6, 23, summer: true)),
        "agreement-expired" => new AgreementExpired(ExpiryInstant),
        "destruction-reminder" => new DestructionReminder(UkMidnight(2026, 12, 3, summer: false)),
        _ => new DestructionOverdue(UkMidnight(2026, 12, 11, summer: false)),
    };

    [Theory]
    [MemberData(nameof(TimerNames))]
    public void A_person_may_not_raise_a_timer_event(string name)
    {
        var timer = TimerEventNamed(name);
        var given = name.StartsWith("destruction", StringComparison.Ordinal) ? ToAwaitingDestruction(Due) : ToActive();
        Given(given).When(timer, SystemCaller).ThenActingRole(Role.System);

        foreach (var person in new[] { Alice, Olivia, Arthur, Dana, Audrey, Sam })
            Given(given).When(timer, person).ThenRejected(RejectionKind.Forbidden);
    }

    // ---- certificate-of-destruction ----

    [Fact]
    public void The_certificate_closes_the_application_as_Completed()
    {
        Given(ToAwaitingDestruction(Due))
            .When(Certificate, Alice)
            .Then(Certificate)
            .ThenActingRole(Role.Applicant)
            .ThenNotifies(("certificate-received", "case-officers"))
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Stage.Closed, s.Stage);
                Assert.Equal(Outcome.Completed, s.Outcome);
                Assert.Equal(Now, s.Destruction.CertificateReceivedAt);
                Assert.Equal(Due, s.Destruction.DueDate);
            });
    }

    [Fact]
    public void A_late_certificate_still_closes_it_and_the_overdue_mark_stays_on_record()
    {
        Given([.. ToAwaitingDestruction(Due), new DestructionOverdue(UkMidnight(2026, 12, 11, summer: false))])
            .When(Certificate, Alice)
            .ThenState(s =>
            {
                Assert.Equal(Outcome.Completed, s.Outcome);
                Assert.True(s.Destruction.Overdue);
            });
    }

    [Fact]
    public void The_certificate_is_also_what_ends_a_withdrawal_after_release()
    {
        Given(ToAwaitingDestructionAfterWithdrawal())
            .When(Certificate, Alice)
            .ThenState(s => Assert.Equal(Outcome.Completed, s.Outcome));
    }

    public static TheoryData<string> CertificateFields => ["signatoryName", "signatoryRole", "destroyedOn", "method", "allCopiesDestroyed"];

    [Theory]
    [MemberData(nameof(CertificateFields))]
    public void Every_field_of_the_certificate_is_required(string field)
    {
        var certificate = field switch
        {
            "signatoryName" => Certificate with { SignatoryName = null },
            "signatoryRole" => Certificate with { SignatoryRole = " " },
            "destroyedOn" => Certificate with { DestroyedOn = null },
            "method" => Certificate with { Method = "" },
            _ => Certificate with { AllCopiesDestroyed = null },
        };
        Given(ToAwaitingDestruction(Due)).When(certificate, Alice).ThenRejected(RejectionKind.Invalid, field);
    }

    [Fact]
    public void An_empty_certificate_reports_every_field()
    {
        Given(ToAwaitingDestruction(Due))
            .When(new CertificateOfDestruction(null, null, null, null, null), Alice)
            .ThenInvalid("allCopiesDestroyed", "destroyedOn", "method", "signatoryName", "signatoryRole");
    }

    [Fact]
    public void Not_all_copies_destroyed_is_invalid()
    {
        Given(ToAwaitingDestruction(Due)).When(Certificate with { AllCopiesDestroyed = false }, Alice).ThenRejected(RejectionKind.Invalid, "allCopiesDestroyed");
    }

    [Fact]
    public void A_destruction_date_in_the_future_is_invalid_and_today_or_earlier_is_fine()
    {
        Given(ToAwaitingDestruction(Due)).When(Certificate with { DestroyedOn = Today.AddDays(1) }, Alice).ThenRejected(RejectionKind.Invalid, "destroyedOn");
        Given(ToAwaitingDestruction(Due)).When(Certificate with { DestroyedOn = Today }, Alice).ThenState(s => Assert.Equal(State.Closed, s.State));
        Given(ToAwaitingDestruction(Due)).When(Certificate with { DestroyedOn = Today.AddDays(-40) }, Alice).ThenState(s => Assert.Equal(State.Closed, s.State));
    }

    [Fact]
    public void Today_for_the_destruction_date_is_the_UK_date()
    {
        // 23:30 UTC on 30 June 2027 is already 1 July in the UK (BST).
        var lateEvening = new DateTimeOffset(2027, 6, 30, 23, 30, 0, TimeSpan.Zero);
        Given(ToAwaitingDestruction(Due)).WithNow(lateEvening)
            .When(Certificate with { DestroyedOn = new DateOnly(2027, 7, 1) }, Alice)
            .ThenState(s => Assert.Equal(Outcome.Completed, s.Outcome));
        Given(ToAwaitingDestruction(Due)).WithNow(lateEvening)
            .When(Certificate with { DestroyedOn = new DateOnly(2027, 7, 2) }, Alice)
            .ThenRejected(RejectionKind.Invalid, "destroyedOn");
    }

    [Theory]
    [InlineData(Role.Auditor)]
    [InlineData(Role.CaseOfficer)]
    [InlineData(Role.Approver)]
    [InlineData(Role.DataProducer)]
    public void Only_the_applicant_certifies_destruction(Role role)
    {
        Given(ToAwaitingDestruction(Due)).When(Certificate, new Caller("someone", role, Org)).ThenRejected(RejectionKind.Forbidden);
    }

    [Fact]
    public void The_certificate_is_not_awaited_while_the_agreement_runs_nor_once_closed()
    {
        Given(ToActive()).When(Certificate, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given(ToSuspended()).When(Certificate, Alice).ThenRejected(RejectionKind.NotAwaited);
        Given([.. ToAwaitingDestruction(Due), Certificate]).When(Certificate, Alice).ThenRejected(RejectionKind.NotAwaited);
    }
}
