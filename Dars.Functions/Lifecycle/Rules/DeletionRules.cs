using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>The end of access: expiry, destruction reminders, overdue escalation and the certificate.</summary>
internal static class DeletionRules
{
    public static Decision Timer(TimerEvent timer, Application state, DecisionContext context)
    {
        if (!Schedule.Holds(timer, state, context.Options))
            return new Rejected(RejectionKind.NotAwaited, $"The {EventCatalog.NameOf(timer)} timer for {timer.DueAt:O} no longer applies.");
        return timer switch
        {
            ExpiryReminder => Handlers.Accept(timer, Notify.Applicant("expiry-reminder", $"The agreement expires on {state.Agreement.ExpiryDate:yyyy-MM-dd}.")),
            AgreementExpired => EndAccess(timer, state, context, "agreement-expired",
                Notify.Applicant("agreement-expired", "The agreement has expired: destroy the data and send the certificate of destruction.")),
            DestructionReminder => Handlers.Accept(timer, Notify.Applicant("destruction-reminder", $"The certificate of destruction is due by {state.Destruction.DueDate:yyyy-MM-dd}.")),
            _ => Handlers.Accept(timer, Notify.Officers("destruction-overdue", "The certificate of destruction is overdue: escalate for audit.")),
        };
    }

    /// <summary>
    /// Access ends (expiry, withdrawal or termination after release): the release is revoked and the
    /// certificate of destruction falls due, with its reminders.
    /// </summary>
    public static Decision EndAccess(EventData data, Application state, DecisionContext context, string reason, params Effect[] notices)
    {
        // Produced extracts may exist before any release: they are deleted too, whenever access ends.
        if (!state.EverReleased)
            return new Accepted([data], state.Production.Extracts is { Count: > 0 } ? [new RevokeAccess(reason), .. notices] : notices, Role.System);
        // Counted from the day access ended: for an expiry, its date, even when the timer is acted on late.
        var endedOn = data is AgreementExpired expired ? UkTime.DateOf(expired.DueAt) : context.Today;
        var due = new DestructionCertificateDue(endedOn.AddDays(context.Options.DestructionCertificateDays));
        var after = Preview.After(state, context.Now, data, due);
        return new Accepted([data, due], [new RevokeAccess(reason), .. notices, .. Preview.Timers(after, context)], Role.System);
    }

    public static Decision Certify(CertificateOfDestruction certificate, DecisionContext context)
    {
        var errors = new FieldErrors();
        errors.Required("signatoryName", certificate.SignatoryName);
        errors.Required("signatoryRole", certificate.SignatoryRole);
        errors.Required("method", certificate.Method, 1000);
        if (certificate.DestroyedOn is not { } destroyed) errors.Add("destroyedOn", "destroyedOn is required (YYYY-MM-DD).");
        else if (destroyed > context.Today) errors.Add("destroyedOn", "destroyedOn may not be in the future.");
        if (certificate.AllCopiesDestroyed != true)
            errors.Add("allCopiesDestroyed", "allCopiesDestroyed must be true: certify only when every copy is destroyed.");
        return errors.Any
            ? Rejected.Invalid(errors)
            : Handlers.Accept(certificate, Notify.Officers("certificate-received", "The certificate of destruction was received."));
    }
}
