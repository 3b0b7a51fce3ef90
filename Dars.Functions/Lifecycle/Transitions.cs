using Dars.Lifecycle.Events;
using static Dars.Lifecycle.Role;
using static Dars.Lifecycle.State;

namespace Dars.Lifecycle;

/// <summary>The lifecycle table of LIFECYCLE.md as data.</summary>
public static class Transitions
{
    /// <summary>States in which an application is open: withdraw, terminate and retry apply there.</summary>
    public static readonly IReadOnlyList<State> Open = Enum.GetValues<State>()
        .Where(s => s is not (New or Closed or AwaitingDestructionCertificate)).ToArray();

    private static readonly IReadOnlyList<State> Existing = Enum.GetValues<State>().Where(s => s != New).ToArray();

    public static readonly IReadOnlyList<Transition> Table = Build().ToArray();

    private static readonly ILookup<(State, string), Transition> ByStateAndEvent = Table.ToLookup(t => (t.From, t.Event));
    private static readonly ILookup<string, Role> RolesByEvent = Table.SelectMany(t => t.Roles.Select(r => (t.Event, r))).Distinct().ToLookup(x => x.Event, x => x.r);

    public static Transition? Find(State from, string eventName) => ByStateAndEvent[(from, eventName)].FirstOrDefault();

    public static IEnumerable<Transition> From(State state) => Table.Where(t => t.From == state);

    /// <summary>Every role that may raise the event in some state.</summary>
    public static IEnumerable<Role> RolesFor(string eventName) => RolesByEvent[eventName];

    private static IEnumerable<Transition> Build()
    {
        Transition Row<TEvent>(State from, Role[] roles, params State[] to) where TEvent : EventData =>
            new(from, EventCatalog.NameOf<TEvent>(), roles, to.Length == 0 ? [from] : to);

        yield return Row<EnquirySubmitted>(New, [Applicant], Enquiry);
        yield return Row<ApplicationSubmitted>(New, [Applicant], AwaitingInitialReview);

        yield return Row<EnquiryResponse>(Enquiry, [CaseOfficer]);
        yield return Row<EnquiryClosed>(Enquiry, [Applicant, CaseOfficer], Closed);
        yield return Row<ApplicationSubmitted>(Enquiry, [Applicant], AwaitingInitialReview);

        yield return Row<OfficerReview>(AwaitingInitialReview, [CaseOfficer], UnderAssessment, ReferredBack, Closed);

        yield return Row<Resubmission>(ReferredBack, [Applicant], AwaitingInitialReview, UnderAssessment);
        yield return Row<ExternalApprovalRecorded>(ReferredBack, [CaseOfficer]);

        yield return Row<ExternalApprovalRequested>(UnderAssessment, [CaseOfficer]);
        yield return Row<ExternalApprovalRecorded>(UnderAssessment, [CaseOfficer]);
        yield return Row<OfficerReview>(UnderAssessment, [CaseOfficer], ReferredBack, Closed);
        yield return Row<AssessmentCompleted>(UnderAssessment, [CaseOfficer], AwaitingApproval);

        foreach (var state in Open)
        {
            yield return Row<Withdrawn>(state, [Applicant], Closed, AwaitingDestructionCertificate);
            yield return Row<Terminated>(state, [CaseOfficer], Closed, AwaitingDestructionCertificate);
            yield return Row<ActivityRetried>(state, [CaseOfficer]);
        }

        foreach (var state in Existing)
        {
            yield return Row<ActivityFailed>(state, [Role.System]);
            yield return Row<NotificationSent>(state, [Role.System]);
        }
    }
}
