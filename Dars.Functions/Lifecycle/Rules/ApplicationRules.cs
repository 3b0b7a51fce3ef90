using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle.Rules;

internal static class ApplicationRules
{
    public static Decision Submit(ApplicationSubmitted submitted, Application state, Caller caller, DecisionContext context)
    {
        var errors = ApplicationValidator.Validate(submitted.Application, caller, context);
        if (state.Organisation?.OdsCode is { } enquiringOrg
            && !string.Equals(submitted.Application.Organisation?.OdsCode, enquiringOrg, StringComparison.OrdinalIgnoreCase))
            errors.Add("organisation.odsCode", $"The application must be for the organisation that made the enquiry ({enquiringOrg}).");
        return errors.Any
            ? Rejected.Invalid(errors, "The application is not valid; correct the fields listed in errors and submit again.")
            : Handlers.Accept(submitted, Notify.Applicant("application-received", "The application was received for initial review."));
    }

    public static Decision Review(OfficerReview review, Application state)
    {
        var allowed = state.State == State.AwaitingInitialReview
            ? new[] { OfficerReview.Accept, OfficerReview.ReferBack, OfficerReview.Reject }
            : [OfficerReview.ReferBack, OfficerReview.Reject];
        if (review.Decision is OfficerReview.Accept && state.State != State.AwaitingInitialReview)
            return new Rejected(RejectionKind.NotAwaited, $"The application was already accepted; in {state.State} a review may only refer back or reject.");

        var errors = new FieldErrors();
        errors.OneOf("decision", review.Decision, allowed);
        if (review.Decision == OfficerReview.ReferBack
            && (review.RequiredInformation is not { Count: > 0 } || review.RequiredInformation.Any(string.IsNullOrWhiteSpace)))
            errors.Add("requiredInformation", "A refer-back must list the information required from the applicant.");
        if (errors.Any) return Rejected.Invalid(errors);

        return review.Decision switch
        {
            OfficerReview.Accept => Handlers.Accept(review, Notify.Applicant("application-accepted", "The application passed initial review.")),
            OfficerReview.ReferBack => Handlers.Accept(review, Notify.Applicant("application-referred-back", "More information is required.")),
            _ => Handlers.Accept(review, Notify.Applicant("application-rejected", "The application was rejected.")),
        };
    }

    public static Decision Resubmit(Resubmission resubmission, Application state, Caller caller, DecisionContext context)
    {
        if (resubmission.Changes.IsEmpty)
            return Rejected.Invalid("changes", "A resubmission must change at least one field of the application.");
        var changes = resubmission.Changes;
        if (changes.ExternalReference is { } reference && reference != state.ExternalReference)
            return Rejected.Invalid("externalReference", "externalReference identifies the application in your system and cannot change.");

        var errors = ApplicationValidator.Validate(state.Form!.Merge(changes), caller, context);
        return errors.Any
            ? Rejected.Invalid(errors, "The application with these changes is not valid; correct the fields listed in errors.")
            : Handlers.Accept(resubmission, Notify.Officers("application-resubmitted", "The applicant resubmitted after a refer-back."));
    }
}
