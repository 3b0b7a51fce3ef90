using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Rules;

namespace Dars.Tests.Lifecycle;

/// <summary>Every event type has a handler and a place in the lifecycle table, so none can be forgotten.</summary>
public class CompletenessTests
{
    public static TheoryData<string> EventNames => [.. EventCatalog.CommandTypes.Select(EventCatalog.NameOfType).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_event_type_has_exactly_one_handler_and_no_handler_is_for_an_unknown_type()
    {
        Assert.Equal(
            EventCatalog.CommandTypes.Select(t => t.FullName).Order(StringComparer.Ordinal),
            Handlers.HandledTypes.Select(t => t.FullName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("enquiry-submitted")]
    [InlineData("enquiry-response")]
    [InlineData("enquiry-closed")]
    [InlineData("application-submitted")]
    [InlineData("officer-review")]
    [InlineData("resubmission")]
    [InlineData("external-approval-requested")]
    [InlineData("external-approval")]
    [InlineData("assessment-complete")]
    [InlineData("withdraw")]
    [InlineData("terminate")]
    [InlineData("retry-activity")]
    public void The_catalogue_knows_each_event_name_of_the_contract(string name)
    {
        Assert.Contains(name, EventCatalog.Names);
        Assert.False(EventCatalog.IsSystemOnly(name));
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Every_event_appears_in_the_lifecycle_table(string name)
    {
        Assert.Contains(Transitions.Table, t => t.Event == name);
    }

    [Fact]
    public void Every_row_of_the_table_names_a_known_event_some_roles_and_where_it_leads()
    {
        Assert.All(Transitions.Table, t =>
        {
            Assert.Contains(t.Event, EventCatalog.Names);
            Assert.NotEmpty(t.Roles);
            Assert.NotEmpty(t.To);
        });
    }

    [Fact]
    public void No_event_is_listed_twice_for_the_same_state()
    {
        var duplicates = Transitions.Table.GroupBy(t => (t.From, t.Event)).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void System_only_events_are_raised_by_the_system_alone_and_person_events_never_by_it(string name)
    {
        var roles = Transitions.RolesFor(name).ToArray();
        if (EventCatalog.IsSystemOnly(name)) Assert.Equal([Role.System], roles);
        else Assert.DoesNotContain(Role.System, roles);
    }

    [Fact]
    public void The_Enquiry_and_Application_rows_are_those_of_LIFECYCLE_md()
    {
        string Rows(State from) => string.Join("; ", Transitions.From(from)
            .Where(t => t.Event is not ("withdraw" or "terminate" or "retry-activity" or "activity-failed" or "notification-sent" or "access-revoked" or "sla-status-marked"))
            .Select(t => $"{t.Event} by {string.Join("|", t.Roles)} -> {string.Join("|", t.To)}"));

        Assert.Equal("enquiry-submitted by Applicant -> Enquiry; application-submitted by Applicant -> AwaitingInitialReview", Rows(State.New));
        Assert.Equal("enquiry-response by CaseOfficer -> Enquiry; enquiry-closed by Applicant|CaseOfficer -> Closed; "
            + "application-submitted by Applicant -> AwaitingInitialReview", Rows(State.Enquiry));
        Assert.Equal("officer-review by CaseOfficer -> UnderAssessment|ReferredBack|Closed", Rows(State.AwaitingInitialReview));
        Assert.Equal("resubmission by Applicant -> AwaitingInitialReview|UnderAssessment; external-approval by CaseOfficer -> ReferredBack",
            Rows(State.ReferredBack));
        Assert.Equal("external-approval-requested by CaseOfficer -> UnderAssessment; external-approval by CaseOfficer -> UnderAssessment; "
            + "officer-review by CaseOfficer -> ReferredBack|Closed; assessment-complete by CaseOfficer -> AwaitingApproval",
            Rows(State.UnderAssessment));
    }

    [Fact]
    public void Withdraw_terminate_and_retry_apply_in_every_state_of_the_Enquiry_and_Application_stages_and_never_in_Closed()
    {
        foreach (var state in new[] { State.Enquiry, State.AwaitingInitialReview, State.ReferredBack, State.UnderAssessment })
        {
            Assert.NotNull(Transitions.Find(state, "withdraw"));
            Assert.NotNull(Transitions.Find(state, "terminate"));
            Assert.NotNull(Transitions.Find(state, "retry-activity"));
        }
        Assert.Null(Transitions.Find(State.Closed, "withdraw"));
        Assert.Null(Transitions.Find(State.Closed, "terminate"));
        Assert.Null(Transitions.Find(State.Closed, "retry-activity"));
    }
}
