namespace Dars.Lifecycle.Events;

/// <summary>The applicant certifies that every copy of the data is destroyed.</summary>
[EventName("certificate-of-destruction")]
public sealed record CertificateOfDestruction(
    string? SignatoryName, string? SignatoryRole, DateOnly? DestroyedOn, string? Method, bool? AllCopiesDestroyed) : EventData;

/// <summary>Access has ended after a release: the certificate of destruction is due by <paramref name="DueDate"/>.</summary>
[EventName("destruction-certificate-due", SystemOnly = true, Derived = true)]
public sealed record DestructionCertificateDue(DateOnly DueDate) : EventData;
