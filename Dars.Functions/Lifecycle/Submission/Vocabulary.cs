namespace Dars.Lifecycle.Submission;

/// <summary>The closed lists of values LIFECYCLE.md allows in a submission.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyDictionary<string, int> MaxTermMonthsByCategory = new Dictionary<string, int>
    {
        ["academic-research"] = 36,
        ["commercial"] = 12,
        ["archiving"] = 60,
        ["other"] = 36,
    };

    public static readonly IReadOnlyList<string> CommonLawDuties = ["consent", "section-251", "not-applicable"];
    public static readonly IReadOnlyList<string> DsptStatuses = ["standards-met", "standards-exceeded", "not-met-with-plan"];
    public static readonly IReadOnlyList<string> AccessModes = ["secure-file-transfer", "secure-data-environment"];
    public static readonly IReadOnlyList<string> ObjectionExemptions = ["none", "consent", "not-identifiable"];

    public static readonly IReadOnlyList<string> ExternalApprovalTypes =
        ["ons-accredited-researcher", "cag-section-251", "research-ethics", "advisory-group-for-data"];

    /// <summary>Fields that identify a person: never allowed with a <c>not-identifiable</c> exemption.</summary>
    public static readonly IReadOnlyList<string> IdentifyingFields =
        ["NHS_NUMBER", "DATE_OF_BIRTH", "POSTCODE", "FAMILY_NAME", "GIVEN_NAME"];
}
