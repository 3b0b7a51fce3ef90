using Dars.Lifecycle;
using Dars.Lifecycle.Events;

namespace Dars.Tests.Lifecycle;

/// <summary>Closed is terminal: nothing a person raises is awaited there (409).</summary>
public class ClosedTests : DeciderSpec
{
    public static TheoryData<string> PersonEvents =>
    [
        "enquiry-submitted", "enquiry-response", "enquiry-closed", "application-submitted", "officer-review:accept",
        "officer-review:refer-back", "officer-review:reject", "resubmission", "external-approval-requested",
        "external-approval", "assessment-complete", "withdraw", "terminate", "retry-activity",
    ];

    /// <summary>The event, valid in body, with a caller holding the right role.</summary>
    private static (EventData Data, Caller Caller) Raise(string name) => name switch
    {
        "enquiry-submitted" => (Enquiry(), Alice),
        "enquiry-response" => (new EnquiryResponse("Advice."), Olivia),
        "enquiry-closed" => (new EnquiryClosed(null), Alice),
        "application-submitted" => (Submitted(), Alice),
        "officer-review:accept" => (Accept, Olivia),
        "officer-review:refer-back" => (ReferBack(), Olivia),
        "officer-review:reject" => (Reject, Olivia),
        "resubmission" => (ResubmitTitle(), Alice),
        "external-approval-requested" => (Requested("research-ethics"), Olivia),
        "external-approval" => (Granted("research-ethics"), Olivia),
        "assessment-complete" => (Assessed, Olivia),
        "withdraw" => (new Withdrawn(null), Alice),
        "terminate" => (new Terminated(null), Olivia),
        "retry-activity" => (new ActivityRetried(null), Olivia),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(PersonEvents))]
    public void Nothing_is_awaited_on_a_rejected_application(string name)
    {
        var (data, caller) = Raise(name);
        Given(Submitted("research-ethics"), Accept, Reject).When(data, caller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Theory]
    [MemberData(nameof(PersonEvents))]
    public void Nothing_is_awaited_on_a_closed_enquiry(string name)
    {
        var (data, caller) = Raise(name);
        Given(Enquiry(), new EnquiryClosed("Answered.")).When(data, caller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Theory]
    [MemberData(nameof(PersonEvents))]
    public void Nothing_is_awaited_on_a_withdrawn_application(string name)
    {
        var (data, caller) = Raise(name);
        Given(Submitted(), ReferBack(), new Withdrawn(null), By(SystemCaller, Failed())).When(data, caller).ThenRejected(RejectionKind.NotAwaited);
    }

    [Fact]
    public void Nothing_is_awaited_on_a_closed_application_by_anyone()
    {
        var state = Given(Submitted(), Reject).State;
        var everyone = new Caller("everyone", new HashSet<Role>(Enum.GetValues<Role>()), Org);

        Assert.Empty(Decider.Awaiting(state, everyone));
    }

    [Fact]
    public void The_system_still_records_notifications_sent_after_closing()
    {
        var sent = new NotificationSent("application-rejected", "applicant", "The application was rejected.");

        Given(Submitted(), Reject)
            .When(sent, SystemCaller)
            .Then(sent)
            .ThenState(s =>
            {
                Assert.Equal(State.Closed, s.State);
                Assert.Equal(Outcome.Rejected, s.Outcome);
            });
    }
}
