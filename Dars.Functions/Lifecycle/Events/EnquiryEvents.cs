using Dars.Lifecycle.Submission;

namespace Dars.Lifecycle.Events;

/// <summary>An enquiry opens a new instance (POST /api/enquiries).</summary>
[EventName("enquiry-submitted")]
public sealed record EnquirySubmitted(OrganisationDetails? Organisation, ContactDetails? Contact, string? Title, string? Question) : EventData;

/// <summary>A case officer's advice on an enquiry; the enquiry stays open.</summary>
[EventName("enquiry-response")]
public sealed record EnquiryResponse(string? Advice) : EventData;

[EventName("enquiry-closed")]
public sealed record EnquiryClosed(string? Reason) : EventData;
