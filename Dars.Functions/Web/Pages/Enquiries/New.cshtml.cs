using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Runtime;
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
        switch (await runtime.CreateAsync(new Command(enquiry, Caller), ct))
        {
            case Applied { State: var state }:
                Success = $"Enquiry {state.Id} sent. A case officer will respond.";
                return Redirect($"/applications/{state.Id}");
            case Refused refused:
                Form.AddErrors(refused.Rejection.Errors, "title");
                if (refused.Rejection.Errors is null or { Count: 0 }) Form.AddError("title", refused.Rejection.Detail);
                return Page();
            default:
                return NotFound();
        }
    }
}
