using System.Text.RegularExpressions;
using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>Signatures and the purchase order; the agreement starts when the applicant's side is complete.</summary>
internal static partial class AgreementRules
{
    public static Decision SignForProvider(AgreementSignedByProvider signed)
    {
        var errors = new FieldErrors();
        errors.Required("signatoryName", signed.SignatoryName);
        return errors.Any
            ? Rejected.Invalid(errors)
            : Handlers.Accept(signed, Notify.Applicant("agreement-ready-to-sign", "The agreement is signed for NHS England: review it, give a purchase order and sign."));
    }

    public static Decision SignForApplicant(AgreementSignedByApplicant signed, Application state, DecisionContext context)
    {
        var errors = new FieldErrors();
        errors.Required("signatoryName", signed.SignatoryName);
        errors.Required("signatoryRole", signed.SignatoryRole);
        return errors.Any ? Rejected.Invalid(errors) : StartIfComplete(signed, state, context);
    }

    public static Decision GivePurchaseOrder(PurchaseOrder order, Application state, DecisionContext context)
    {
        if (string.IsNullOrWhiteSpace(order.PoNumber))
            return Rejected.Invalid("poNumber", "poNumber is required.");
        if (!PoNumberPattern().IsMatch(order.PoNumber))
            return Rejected.Invalid("poNumber", "poNumber must be 1 to 35 letters, digits, '-' or '/'.");
        return StartIfComplete(order, state, context);
    }

    /// <summary>
    /// With both the signature and the purchase order in, the agreement starts on the later of today and
    /// the requested start, for the approved term; the expiry and reminder timers are set.
    /// </summary>
    private static Decision StartIfComplete(EventData data, Application state, DecisionContext context)
    {
        var after = Preview.After(state, context.Now, data);
        if (!after.Agreement.ApplicantSideComplete)
            return Handlers.Accept(data);

        var requested = state.Form?.RequestedStartDate ?? context.Today;
        var start = requested > context.Today ? requested : context.Today;
        var term = state.Agreement.ApprovedTermMonths ?? state.Form?.RequestedTermMonths ?? 12;
        var started = new AgreementStarted(start, start.AddMonths(term));
        var running = Preview.After(after, context.Now, started);
        var effects = new List<Effect> { Notify.Applicant("agreement-started", $"The agreement runs from {start:yyyy-MM-dd} to {started.ExpiryDate:yyyy-MM-dd}.") };
        effects.AddRange(Preview.Timers(running, context));
        if (running.State == State.ProducingData) effects.Add(new ProduceData());
        return new Accepted([data, started], effects, Role.System);
    }

    [GeneratedRegex("^[A-Za-z0-9/-]{1,35}$")]
    private static partial Regex PoNumberPattern();
}
