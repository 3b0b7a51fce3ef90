using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Lifecycle.Submission;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Runtime;

/// <summary>An enquiry becoming an application takes its externalReference: once, even racing another, and after a crash.</summary>
public sealed class ExternalReferenceTests(DarsFactory app) : IClassFixture<DarsFactory>
{
    private static readonly Caller Alice = new("alice", Role.Applicant, "X26");

    private async Task<string> EnquiryAsync() =>
        Assert.IsType<Applied>(await app.Service<ApplicationRuntime>().CreateAsync(new Command(new EnquirySubmitted(
            new OrganisationDetails("X26", "Example University"), new ContactDetails("Dr A", "a@example.ac.uk"), "Can we?", "Which data?"), Alice),
            RaiseOptions.None, default)).State.Id;

    private Task<CommandOutcome> ApplyAsync(string enquiry, string reference) =>
        app.Service<ApplicationRuntime>().RaiseAsync(enquiry, new Command(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(app.Time.GetUtcNow())) with { ExternalReference = reference }), Alice), RaiseOptions.None, default);

    [Fact]
    public async Task A_reference_just_reserved_by_another_enquirys_submission_is_not_taken_over_until_that_has_had_time_to_commit()
    {
        var (first, second) = (await EnquiryAsync(), await EnquiryAsync());
        var references = app.Service<ExternalReferenceRegistry>();
        // The first enquiry's submission has reserved the reference and not yet committed (or has crashed).
        await references.ReserveAsync("X26", "race-ref", first, app.Time.GetUtcNow(), default);

        var whileInFlight = await ApplyAsync(second, "race-ref");
        app.Time.Advance(TimeSpan.FromMinutes(2)); // it never committed: a crash stopped it
        var afterCrash = await ApplyAsync(second, "race-ref");

        Assert.Equal(first, Assert.IsType<ExternalReferenceTaken>(whileInFlight).ExistingId);
        Assert.IsType<Applied>(afterCrash);
        Assert.Equal(second, await references.FindAsync("X26", "race-ref", default));
        Assert.Equal(second, Assert.IsType<ExternalReferenceTaken>(await ApplyAsync(first, "race-ref")).ExistingId);
    }

    [Fact]
    public async Task A_new_application_does_not_take_over_a_reference_an_enquirys_submission_is_still_committing()
    {
        var enquiry = await EnquiryAsync();
        var references = app.Service<ExternalReferenceRegistry>();
        await references.ReserveAsync("X26", "post-ref", enquiry, app.Time.GetUtcNow(), default);
        var runtime = app.Service<ApplicationRuntime>();
        Task<CommandOutcome> Submit() => runtime.SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(app.Time.GetUtcNow())) with { ExternalReference = "post-ref" }), Alice, default);

        var whileInFlight = await Submit();
        app.Time.Advance(TimeSpan.FromMinutes(2)); // the enquiry's submission never committed: a crash stopped it
        var afterCrash = await Submit();

        Assert.Equal(enquiry, Assert.IsType<ExternalReferenceTaken>(whileInFlight).ExistingId);
        var created = Assert.IsType<Applied>(afterCrash).State.Id;
        Assert.Equal(created, await references.FindAsync("X26", "post-ref", default));
        Assert.Equal(created, Assert.IsType<Replayed>(await Submit()).State.Id);
    }
}
