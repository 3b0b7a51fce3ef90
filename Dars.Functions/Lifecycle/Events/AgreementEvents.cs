namespace Dars.Lifecycle.Events;

/// <summary>The data sharing agreement signed for the NHS by a case officer.</summary>
[EventName("agreement-signed-by-provider")]
public sealed record AgreementSignedByProvider(string? SignatoryName) : EventData;

/// <summary>The applicant's signature on the agreement.</summary>
[EventName("agreement-signed-by-applicant")]
public sealed record AgreementSignedByApplicant(string? SignatoryName, string? SignatoryRole) : EventData;

/// <summary>The applicant's purchase order number.</summary>
[EventName("purchase-order")]
public sealed record PurchaseOrder(string? PoNumber) : EventData;

/// <summary>Both signatures and the purchase order are in: the agreement runs from <paramref name="StartDate"/> until <paramref name="ExpiryDate"/>.</summary>
[EventName("agreement-started", SystemOnly = true, Derived = true)]
public sealed record AgreementStarted(DateOnly StartDate, DateOnly ExpiryDate) : EventData;
