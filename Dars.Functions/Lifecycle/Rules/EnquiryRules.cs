using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

internal static class EnquiryRules
{
    public static Decision Submit(EnquirySubmitted enquiry, Caller caller)
    {
        var errors = new FieldErrors();
        if (enquiry.Organisation is null) errors.Add("organisation", "organisation is required: {odsCode, name}.");
        else
        {
            if (errors.Required("organisation.odsCode", enquiry.Organisation.OdsCode, 10)
                && !string.Equals(enquiry.Organisation.OdsCode, caller.Organisation, StringComparison.OrdinalIgnoreCase))
                errors.Add("organisation.odsCode", $"You may only make enquiries for your own organisation ({caller.Organisation ?? "none in your token"}).");
            errors.Required("organisation.name", enquiry.Organisation.Name);
        }
        if (enquiry.Contact is null) errors.Add("contact", "contact is required: {name, email}.");
        else
        {
            errors.Required("contact.name", enquiry.Contact.Name);
            errors.Required("contact.email", enquiry.Contact.Email, 254);
        }
        errors.Required("title", enquiry.Title, 250);
        errors.Required("question", enquiry.Question, 10_000);
        return errors.Any
            ? Rejected.Invalid(errors, "The enquiry has invalid fields; see errors.")
            : Handlers.Accept(enquiry, Notify.Applicant("enquiry-received", "The enquiry was received."));
    }

    public static Decision Respond(EnquiryResponse response)
    {
        var errors = new FieldErrors();
        errors.Required("advice", response.Advice, 10_000);
        return errors.Any
            ? Rejected.Invalid(errors)
            : Handlers.Accept(response, Notify.Applicant("enquiry-response", "A case officer answered the enquiry."));
    }

    public static Decision Close(EnquiryClosed closed) => Handlers.Accept(closed);
}
