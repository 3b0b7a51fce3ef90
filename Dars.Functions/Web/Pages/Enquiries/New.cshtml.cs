using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Enquiries;

/// <summary>An enquiry before applying (<c>POST /api/enquiries</c> through the same runtime).</summary>
public sealed class NewModel(ApplicationRuntime runtime) : DarsPage
{
    public WebForm Form { get; private set; } = new();


    public IActionResult OnGet() => Caller.Has(Role.Applicant) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Caller.Has(Role.Applicant)) return Forbid();
        Form = WebForm.From(Request.Form);
        foreach (var (key, label) in new[] { ("organisation.name", "Organisation name"), ("contact.name", "Contact name"), ("contact.email", "Contact email"), ("title", "Title"), ("question", "Your question") })
            Form.Labels[key] = label;
        Form.ResolveField = key => key is "organisation" or "organisation.odsCode" ? "organisation.name" : key == "contact" ? "contact.name" : null;
        var enquiry = new EnquirySubmitted(
            new OrganisationDetails(Caller.Organisation, Form.Trimmed("organisation.name")),
            new ContactDetails(Form.Trimmed("contact.name"), Form.Trimmed("contact.email")),
            Form.Trimmed("title"), Form.Trimmed("question"));
        KeepIdempotencyKey(Form.Trimmed("idempotencyKey"));
        var fingerprint = RowKeys.Hash(EventCatalog.NameOf<EnquirySubmitted>() + "\n" + DarsJson.SerializeEvent(enquiry));
        var outcome = await runtime.CreateAsync(new Command(enquiry, Caller), new RaiseOptions(IdempotencyKey, fingerprint, null), ct);
        // Sent twice (a second click, a resend): the second finds the first.
        if (((outcome as Applied)?.State ?? (outcome as Replayed)?.State) is { } opened)
        {
            Success = $"Enquiry {opened.Id} sent. A case officer will respond.";
            return Redirect($"/applications/{opened.Id}");
        }
        switch (outcome)
        {
            case Refused refused:
                Form.AddErrors(refused.Rejection.Errors, "title");
                if (refused.Rejection.Errors is null or { Count: 0 }) Form.AddError("title", refused.Rejection.Detail);
                return Page();
            case IdempotencyKeyReused:
                // This page was sent before and then changed (e.g. after Back): the change is a new enquiry, once confirmed.
                RenewIdempotencyKey();
                Form.AddError("title", "This form was already sent as an enquiry. Send it again to make another enquiry with these answers");
                return Page();
            default:
                return NotFound();
        }
    }
}
