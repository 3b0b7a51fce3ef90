using System.Text.RegularExpressions;

namespace Dars.Lifecycle.Submission;

/// <summary>Every submission rule of LIFECYCLE.md, reported together so the applicant can fix all at once.</summary>
public static partial class ApplicationValidator
{
    private const int LongText = 10_000;

    public static FieldErrors Validate(ApplicationForm form, Caller caller, DecisionContext context)
    {
        var errors = new FieldErrors();

        if (form.Organisation is null) errors.Add("organisation", "organisation is required: {odsCode, name}.");
        else
        {
            if (errors.Required("organisation.odsCode", form.Organisation.OdsCode, 10)
                && caller.Has(Role.Applicant)
                && !string.Equals(form.Organisation.OdsCode, caller.Organisation, StringComparison.OrdinalIgnoreCase))
                errors.Add("organisation.odsCode", $"You may only apply for your own organisation ({caller.Organisation ?? "none in your token"}).");
            errors.Required("organisation.name", form.Organisation.Name);
        }

        if (form.Contact is null) errors.Add("contact", "contact is required: {name, email}.");
        else
        {
            errors.Required("contact.name", form.Contact.Name);
            if (errors.Required("contact.email", form.Contact.Email, 254) && !EmailPattern().IsMatch(form.Contact.Email!))
                errors.Add("contact.email", "contact.email must be an email address, e.g. name@example.nhs.uk.");
        }

        errors.Required("title", form.Title, 250);
        errors.Required("purpose", form.Purpose, LongText);
        errors.Required("benefits", form.Benefits, LongText);
        errors.OneOf("purposeCategory", form.PurposeCategory, [.. Vocabulary.MaxTermMonthsByCategory.Keys]);
        ValidateDatasets(form, context.Datasets, errors);
        ValidateLegalBasis(form.LegalBasis, errors);
        ValidateSecurity(form.Security, errors);

        if (form.ProcessingLocations is not { Count: > 0 })
            errors.Add("processingLocations", "processingLocations is required: list at least one place the data will be processed.");
        else if (form.ProcessingLocations.Any(string.IsNullOrWhiteSpace))
            errors.Add("processingLocations", "processingLocations may not contain blank entries.");

        errors.OneOf("accessMode", form.AccessMode, Vocabulary.AccessModes);
        if (form.CohortRequired is null) errors.Add("cohortRequired", "cohortRequired is required: true or false.");

        for (var i = 0; i < (form.ExternalApprovals?.Count ?? 0); i++)
            errors.OneOf($"externalApprovals[{i}]", form.ExternalApprovals![i], Vocabulary.ExternalApprovalTypes);
        if (form.ExternalApprovals is { } approvals && approvals.Distinct().Count() != approvals.Count)
            errors.Add("externalApprovals", "Each external approval may be listed once.");

        errors.OneOf("objectionExemption", form.ObjectionExemption, Vocabulary.ObjectionExemptions);
        ValidateIdentifiability(form, errors);
        ValidateTerm(form, context, errors);
        errors.Required("externalReference", form.ExternalReference, 100);
        return errors;
    }

    private static void ValidateDatasets(ApplicationForm form, DatasetCatalogue catalogue, FieldErrors errors)
    {
        if (form.Datasets is not { Count: > 0 })
        {
            errors.Add("datasets", "datasets is required: request at least one dataset with its fields.");
            return;
        }
        for (var i = 0; i < form.Datasets.Count; i++)
        {
            var dataset = form.Datasets[i];
            var at = $"datasets[{i}]";
            if (!errors.Required($"{at}.id", dataset?.Id, 100)) continue;
            if (!catalogue.Has(dataset!.Id!))
            {
                errors.Add($"{at}.id", $"Unknown dataset '{dataset.Id}'. Known datasets: {string.Join(", ", catalogue.Ids.Order())}.");
                continue;
            }
            if (dataset.Fields is not { Count: > 0 }) { errors.Add($"{at}.fields", "Request at least one field."); continue; }
            for (var f = 0; f < dataset.Fields.Count; f++)
                if (!catalogue.HasField(dataset.Id!, dataset.Fields[f]))
                    errors.Add($"{at}.fields[{f}]", $"Dataset '{dataset.Id}' has no field '{dataset.Fields[f]}'.");
            if (dataset.Fields.Distinct().Count() != dataset.Fields.Count)
                errors.Add($"{at}.fields", "Each field may be requested once.");
        }
        if (form.Datasets.Where(d => d?.Id is not null).GroupBy(d => d.Id).Any(g => g.Count() > 1))
            errors.Add("datasets", "Each dataset may be requested once; list all its fields together.");
    }

    private static void ValidateLegalBasis(LegalBasis? basis, FieldErrors errors)
    {
        if (basis is null) { errors.Add("legalBasis", "legalBasis is required: {article6, article9?, commonLawDuty, section251Reference?}."); return; }
        if (string.IsNullOrWhiteSpace(basis.Article6))
            errors.Add("legalBasis.article6", string.IsNullOrWhiteSpace(basis.Article9)
                ? "legalBasis.article6 is required."
                : "An article 9 condition needs an article 6 lawful basis as well.");
        errors.OneOf("legalBasis.commonLawDuty", basis.CommonLawDuty, Vocabulary.CommonLawDuties);
        if (basis.CommonLawDuty == "section-251" && string.IsNullOrWhiteSpace(basis.Section251Reference))
            errors.Add("legalBasis.section251Reference", "Give the section 251 (CAG) reference when relying on section-251.");
    }

    private static void ValidateSecurity(SecurityAssurance? security, FieldErrors errors)
    {
        if (security is null) { errors.Add("security", "security is required: {dsptStatus, improvementPlan?, iso27001?}."); return; }
        errors.OneOf("security.dsptStatus", security.DsptStatus, Vocabulary.DsptStatuses);
        if (security.DsptStatus == "not-met-with-plan" && string.IsNullOrWhiteSpace(security.ImprovementPlan))
            errors.Add("security.improvementPlan", "A DSPT status of not-met-with-plan needs the improvement plan.");
    }

    private static void ValidateIdentifiability(ApplicationForm form, FieldErrors errors)
    {
        if (form.ObjectionExemption != "not-identifiable" || form.Datasets is null) return;
        for (var i = 0; i < form.Datasets.Count; i++)
            for (var f = 0; f < (form.Datasets[i]?.Fields?.Count ?? 0); f++)
                if (Vocabulary.IdentifyingFields.Contains(form.Datasets[i].Fields![f]))
                    errors.Add($"datasets[{i}].fields[{f}]",
                        $"'{form.Datasets[i].Fields![f]}' identifies a person, so the data is not 'not-identifiable'; remove the field or change objectionExemption.");
    }

    private static void ValidateTerm(ApplicationForm form, DecisionContext context, FieldErrors errors)
    {
        if (form.RequestedStartDate is not { } start) errors.Add("requestedStartDate", "requestedStartDate is required (YYYY-MM-DD).");
        else if (start < context.Today) errors.Add("requestedStartDate", $"requestedStartDate may not be in the past (today is {context.Today:yyyy-MM-dd}).");
        else if (start > context.Today.AddMonths(12)) errors.Add("requestedStartDate", $"requestedStartDate may be at most 12 months ahead (by {context.Today.AddMonths(12):yyyy-MM-dd}).");

        if (form.RequestedTermMonths is not { } term) { errors.Add("requestedTermMonths", "requestedTermMonths is required."); return; }
        if (term < 1) { errors.Add("requestedTermMonths", "requestedTermMonths must be at least 1."); return; }
        if (form.PurposeCategory is { } category && Vocabulary.MaxTermMonthsByCategory.TryGetValue(category, out var max) && term > max)
            errors.Add("requestedTermMonths", $"A {category} application may run for at most {max} months.");
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
