using Dars.Lifecycle.Events;

namespace Dars.Lifecycle.Rules;

/// <summary>Cohort, production, sign-off and release: the Access stage after the agreement starts.</summary>
internal static class AccessRules
{
    public static Decision UploadCohort(CohortUploaded upload)
    {
        var errors = new FieldErrors();
        errors.Required("fileName", upload.FileName, 255);
        errors.Required("blobName", upload.BlobName, 1024);
        return errors.Any ? Rejected.Invalid(errors) : Handlers.Accept(upload, new ValidateCohort(upload.BlobName!, upload.FileName!));
    }

    public static Decision CohortValidated(CohortValidated validated) => validated.Accepted
        ? Handlers.Accept(validated, Notify.Applicant("cohort-accepted", "The cohort file was accepted; data production has started."), new ProduceData())
        : Handlers.Accept(validated, Notify.Applicant("cohort-rejected", "The cohort file was rejected; see the summary and error report, then upload a corrected file."));

    public static Decision Produced(DataProduced produced) =>
        Handlers.Accept(produced, Notify.Officers("data-produced", "Data is produced and awaits sign-off."));

    public static Decision SignOff(DataSignedOff signOff, Application state)
    {
        var errors = new FieldErrors();
        errors.OneOf("decision", signOff.Decision, [DataSignedOff.Approve, DataSignedOff.Reject]);
        if (errors.Any) return Rejected.Invalid(errors);
        return signOff.Decision == DataSignedOff.Approve
            ? Handlers.Accept(signOff, new ReleaseData(state.Form?.AccessMode ?? "secure-file-transfer"))
            : Handlers.Accept(signOff, new ProduceData());
    }

    public static Decision Released(DataReleased released, Application state) => state.State == State.ReleasingData
        ? Handlers.Accept(released, Notify.Applicant("data-released", "Your data is available."))
        : Handlers.Accept(released, Notify.Applicant("data-re-released", "Your access to the data is restored."));

    public static Decision Revoked(AccessRevoked revoked) => Handlers.Accept(revoked);
}
