namespace Dars.Lifecycle;

/// <summary>The states of LIFECYCLE.md. Their names are part of the HTTP contract.</summary>
public enum State
{
    /// <summary>The instance has no events yet: the only thing it accepts is its creation.</summary>
    New,
    Enquiry,
    AwaitingInitialReview,
    ReferredBack,
    UnderAssessment,
    AwaitingApproval,
    AwaitingProviderSignature,
    AwaitingSignatureAndPurchaseOrder,
    AwaitingCohort,
    ValidatingCohort,
    ProducingData,
    AwaitingDataSignOff,
    ReleasingData,
    Active,
    UnderRenewal,
    Suspended,
    AwaitingDestructionCertificate,
    Closed,
}

public enum Stage { Enquiry, Application, Approval, Access, Audit, Deletion, Closed }

public enum Outcome { EnquiryClosed, Rejected, Withdrawn, Terminated, Completed }

public static class StateStages
{
    public static Stage StageOf(this State state) => state switch
    {
        State.New or State.Enquiry => Stage.Enquiry,
        State.AwaitingInitialReview or State.ReferredBack or State.UnderAssessment => Stage.Application,
        State.AwaitingApproval => Stage.Approval,
        State.AwaitingProviderSignature or State.AwaitingSignatureAndPurchaseOrder or State.AwaitingCohort
            or State.ValidatingCohort or State.ProducingData or State.AwaitingDataSignOff or State.ReleasingData => Stage.Access,
        State.Active or State.UnderRenewal or State.Suspended => Stage.Audit,
        State.AwaitingDestructionCertificate => Stage.Deletion,
        State.Closed => Stage.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state."),
    };
}
