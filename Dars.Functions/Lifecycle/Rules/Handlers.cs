using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>One handler per event type; a test checks that every event type has one.</summary>
internal static class Handlers
{
    private delegate Decision Handler(EventData data, Application state, Caller caller, DecisionContext context);

    private static readonly Dictionary<Type, Handler> ByType = new()
    {
        [typeof(EnquirySubmitted)] = (d, s, c, x) => EnquiryRules.Submit((EnquirySubmitted)d, c),
        [typeof(EnquiryResponse)] = (d, s, c, x) => EnquiryRules.Respond((EnquiryResponse)d),
        [typeof(EnquiryClosed)] = (d, s, c, x) => EnquiryRules.Close((EnquiryClosed)d),
        [typeof(ApplicationSubmitted)] = (d, s, c, x) => ApplicationRules.Submit((ApplicationSubmitted)d, s, c, x),
        [typeof(OfficerReview)] = (d, s, c, x) => ApplicationRules.Review((OfficerReview)d, s),
        [typeof(Resubmission)] = (d, s, c, x) => ApplicationRules.Resubmit((Resubmission)d, s, c, x),
        [typeof(ExternalApprovalRequested)] = (d, s, c, x) => ApprovalRules.Request((ExternalApprovalRequested)d, s),
        [typeof(ExternalApprovalRecorded)] = (d, s, c, x) => ApprovalRules.Record((ExternalApprovalRecorded)d, s),
        [typeof(AssessmentCompleted)] = (d, s, c, x) => Accept(d),
        [typeof(Withdrawn)] = (d, s, c, x) => Accept(d, Notify.Officers("application-withdrawn", "The applicant withdrew the application.")),
        [typeof(Terminated)] = (d, s, c, x) => Accept(d, Notify.Applicant("application-terminated", "A case officer terminated the application.")),
        [typeof(ActivityRetried)] = (d, s, c, x) => Accept(d, s.Failure!.Effect),
        [typeof(ActivityFailed)] = (d, s, c, x) => Accept(d),
        [typeof(NotificationSent)] = (d, s, c, x) => Accept(d),
    };

    public static IEnumerable<Type> HandledTypes => ByType.Keys;

    public static Decision Decide(EventData data, Application state, Caller caller, DecisionContext context) =>
        ByType.TryGetValue(data.GetType(), out var handler)
            ? handler(data, state, caller, context)
            : throw new InvalidOperationException($"No handler for {data.GetType().Name}.");

    /// <summary>Accept the event as given; the acting role is filled in by the decider.</summary>
    public static Accepted Accept(EventData data, params Effect[] effects) => new([data], effects, Role.System);
}
