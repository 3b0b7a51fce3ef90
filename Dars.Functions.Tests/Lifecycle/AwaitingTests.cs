using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;

namespace Dars.Tests.Lifecycle;

/// <summary>The <c>awaiting</c> list: exactly the events this caller could raise now.</summary>
public class AwaitingTests : DeciderSpec
{
    private static readonly Caller Both = new("pat", new HashSet<Role> { Role.Applicant, Role.CaseOfficer }, Org);

    private static void AssertAwaiting(Scenario scenario, Caller caller, params string[] expected)
    {
        var awaiting = Decider.Awaiting(scenario.State, caller);
        Assert.Equal(awaiting.Count, awaiting.Distinct().Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), awaiting.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Before_anything_exists_an_applicant_may_open_an_enquiry_or_an_application()
    {
        AssertAwaiting(Given(), Alice, "enquiry-submitted", "application-submitted");
        AssertAwaiting(Given(), Olivia);
        AssertAwaiting(Given(), Arthur);
    }

    [Fact]
    public void In_Enquiry()
    {
        var enquiry = Given(Enquiry());
        AssertAwaiting(enquiry, Alice, "enquiry-closed", "application-submitted", "withdraw");
        AssertAwaiting(enquiry, Olivia, "enquiry-response", "enquiry-closed", "terminate");
        AssertAwaiting(enquiry, Arthur);
        AssertAwaiting(enquiry, Dana);
        AssertAwaiting(enquiry, Audrey);
    }

    [Fact]
    public void In_AwaitingInitialReview()
    {
        var review = Given(Submitted());
        AssertAwaiting(review, Alice, "withdraw");
        AssertAwaiting(review, Olivia, "officer-review", "terminate");
        AssertAwaiting(review, Arthur);
        AssertAwaiting(review, Dana);
        AssertAwaiting(review, Audrey);
    }

    [Fact]
    public void In_UnderAssessment_without_pending_approvals()
    {
        var assessment = Given(Submitted(), Accept);
        AssertAwaiting(assessment, Alice, "withdraw");
        AssertAwaiting(assessment, Olivia, "external-approval-requested", "officer-review", "assessment-complete", "terminate");
        AssertAwaiting(assessment, Arthur);
    }

    [Fact]
    public void In_UnderAssessment_with_a_pending_approval()
    {
        var assessment = Given(Submitted("research-ethics"), Accept);
        AssertAwaiting(assessment, Alice, "withdraw");
        AssertAwaiting(assessment, Olivia, "external-approval-requested", "external-approval", "officer-review", "terminate");
        AssertAwaiting(assessment, Arthur);
    }

    [Fact]
    public void In_UnderAssessment_with_a_refused_approval()
    {
        var assessment = Given(Submitted("research-ethics"), Accept, Refused("research-ethics"));
        AssertAwaiting(assessment, Olivia, "external-approval-requested", "officer-review", "terminate");
    }

    [Fact]
    public void In_UnderAssessment_with_every_approval_granted()
    {
        var assessment = Given(Submitted("research-ethics"), Accept, Granted("research-ethics"));
        AssertAwaiting(assessment, Olivia, "external-approval-requested", "officer-review", "assessment-complete", "terminate");
    }

    [Fact]
    public void In_ReferredBack()
    {
        var referredBack = Given(Submitted(), ReferBack());
        AssertAwaiting(referredBack, Alice, "resubmission", "withdraw");
        AssertAwaiting(referredBack, Olivia, "terminate");
        AssertAwaiting(referredBack, Arthur);
    }

    [Fact]
    public void In_ReferredBack_with_a_pending_approval()
    {
        var referredBack = Given(Submitted("research-ethics"), Accept, ReferBack());
        AssertAwaiting(referredBack, Alice, "resubmission", "withdraw");
        AssertAwaiting(referredBack, Olivia, "external-approval", "terminate");
    }

    [Fact]
    public void After_an_activity_failed_the_case_officer_may_retry()
    {
        var failed = Given(Submitted(), By(SystemCaller, Failed()));
        AssertAwaiting(failed, Olivia, "officer-review", "terminate", "retry-activity");
        AssertAwaiting(failed, Alice, "withdraw");
    }

    [Fact]
    public void In_Closed_nothing_for_anyone()
    {
        foreach (var closed in new[] { Given(Submitted(), Reject), Given(Enquiry(), new EnquiryClosed(null)), Given(Submitted(), new Withdrawn(null)) })
        {
            AssertAwaiting(closed, Alice);
            AssertAwaiting(closed, Olivia);
            AssertAwaiting(closed, Arthur);
            AssertAwaiting(closed, Both);
        }
    }

    [Fact]
    public void A_caller_with_two_roles_awaits_the_union()
    {
        AssertAwaiting(Given(Enquiry()), Both, "enquiry-response", "enquiry-closed", "application-submitted", "withdraw", "terminate");
        AssertAwaiting(Given(Submitted()), Both, "officer-review", "withdraw", "terminate");
        AssertAwaiting(Given(Submitted(), ReferBack()), Both, "resubmission", "withdraw", "terminate");
    }

    [Fact]
    public void A_caller_with_two_roles_acts_as_the_applicant_only_on_its_own_organisations_applications()
    {
        var elsewhere = Both with { Id = "yan", Organisation = "Y27" };
        var referredBack = Given(Submitted(), ReferBack());

        AssertAwaiting(referredBack, elsewhere, "terminate");
        referredBack.When(new Withdrawn(null), elsewhere).ThenRejected(RejectionKind.Forbidden);
        referredBack.When(new Withdrawn(null), Both).ThenActingRole(Role.Applicant);
        // The other role still acts everywhere.
        Given(Submitted()).When(Accept, elsewhere).ThenActingRole(Role.CaseOfficer);
    }

    [Fact]
    public void External_approval_requested_is_not_awaited_once_every_type_is_pending_or_granted()
    {
        var all = Vocabulary.ExternalApprovalTypes.ToArray();
        var scenario = Given(Submitted(all), Accept, Granted(all[0]));
        foreach (var type in all) scenario.When(Requested(type), Olivia).ThenRejected(RejectionKind.NotAwaited);

        AssertAwaiting(scenario, Olivia, "external-approval", "officer-review", "terminate");
    }

    [Fact]
    public void System_events_are_never_awaited_even_for_the_system()
    {
        Assert.Empty(Decider.Awaiting(Given(Submitted()).State, SystemCaller));
    }

    // ---- the list and the decider agree: an event is awaited exactly when some valid body of it is accepted ----

    private static readonly string[] ApprovalTypes = [.. Vocabulary.ExternalApprovalTypes];

    private static IEnumerable<EventData> Bodies(string name) => name switch
    {
        "enquiry-submitted" => [Enquiry()],
        "enquiry-response" => [new EnquiryResponse("Advice.")],
        "enquiry-closed" => [new EnquiryClosed(null)],
        "application-submitted" => [Submitted()],
        "officer-review" => [Accept, ReferBack(), Reject],
        "resubmission" => [ResubmitTitle()],
        "external-approval-requested" => ApprovalTypes.Select(Requested),
        "external-approval" => ApprovalTypes.Select(t => Granted(t)),
        "assessment-complete" => [Assessed],
        "withdraw" => [new Withdrawn(null)],
        "terminate" => [new Terminated(null)],
        "retry-activity" => [new ActivityRetried(null)],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The events a person raises in the Enquiry and Application stages.</summary>
    private static readonly string[] StageEvents =
    [
        "enquiry-submitted", "enquiry-response", "enquiry-closed", "application-submitted", "officer-review", "resubmission",
        "external-approval-requested", "external-approval", "assessment-complete", "withdraw", "terminate", "retry-activity",
    ];

    public static TheoryData<string> Situations =>
    [
        "New", "Enquiry", "AwaitingInitialReview", "ReferredBack", "ReferredBack with approval", "UnderAssessment",
        "UnderAssessment with approval", "UnderAssessment refused", "Failed", "AwaitingApproval", "Closed",
    ];

    private static Scenario In(string situation) => situation switch
    {
        "New" => Given(),
        "Enquiry" => Given(Enquiry()),
        "AwaitingInitialReview" => Given(Submitted()),
        "ReferredBack" => Given(Submitted(), ReferBack()),
        "ReferredBack with approval" => Given(Submitted("cag-section-251"), Accept, ReferBack()),
        "UnderAssessment" => Given(Submitted(), Accept),
        "UnderAssessment with approval" => Given(Submitted("research-ethics"), Accept),
        "UnderAssessment refused" => Given(Submitted("research-ethics"), Accept, Refused("research-ethics")),
        "Failed" => Given(Submitted(), Accept, By(SystemCaller, Failed())),
        "AwaitingApproval" => Given(Submitted(), Accept, Assessed),
        "Closed" => Given(Submitted(), Reject),
        _ => throw new ArgumentOutOfRangeException(nameof(situation)),
    };

    [Theory]
    [MemberData(nameof(Situations))]
    public void The_awaiting_list_is_exactly_what_the_decider_accepts(string situation)
    {
        var scenario = In(situation);
        foreach (var caller in new[] { Alice, Olivia, Both })
        {
            var awaiting = Decider.Awaiting(scenario.State, caller);
            foreach (var name in StageEvents)
            {
                var accepted = Bodies(name).Any(body =>
                    Decider.Decide(new Command(body, caller), scenario.State, scenario.Context) is Accepted);
                Assert.True(accepted == awaiting.Contains(name),
                    $"{situation}, {caller.Id}: '{name}' is {(accepted ? "" : "not ")}accepted but {(awaiting.Contains(name) ? "" : "not ")}awaited.");
            }
        }
    }
}
