using System.Text.RegularExpressions;
using Dars.Lifecycle;
using Dars.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dars.Tests.Web;

/// <summary>
/// The journey of issue 6 in Chromium against the running app on Azurite: a data producer loads a
/// dataset; an applicant submits (first with the decider's field errors shown); a case officer
/// accepts, requests and records external approvals and completes the assessment; an approver
/// approves; signatures and the purchase order start the agreement; the data is produced, signed off
/// and released, and the applicant downloads it; an auditor records an audit. Every page is checked
/// with axe-core and the main ones are photographed.
/// </summary>
public sealed class BrowserJourneyTests(WebAppFixture web) : IClassFixture<WebAppFixture>
{
    private static readonly DateOnly Today = UkTime.DateOf(DarsFactory.Start);

    private const string HesApc =
        "NHS_NUMBER,DATE_OF_BIRTH,ADMIDATE,DIAG_4_01\n" +
        "9000000001,1980-01-01,2020-01-01,A01\n" +
        "9000000002,1970-05-05,2020-03-03,C03\n" +
        "9000000003,1960-06-06,2020-04-04,D04\n";

    [BrowserFact]
    public async Task An_application_goes_from_submission_to_downloaded_data_in_the_browser()
    {
        var violationsBefore = web.Violations.Count;
        // A data producer loads the dataset the applicant will ask for.
        var producer = await web.SignInAsync("pat", "DataProducer");
        await Visit(producer, "/datasets", "datasets-empty");
        await producer.GetByLabel("Dataset id").FillAsync("hes-apc");
        await producer.GetByLabel("Dataset file").SetInputFilesAsync(new FilePayload { Name = "hes-apc.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(HesApc) });
        await producer.GetByRole(AriaRole.Button, new() { Name = "Upload the dataset" }).ClickAsync();
        await Expect(producer.GetByTestId("datasets")).ToContainTextAsync("ADMIDATE");
        await Checked(producer, "datasets");
        await web.ScreenshotAsync(producer, "datasets");

        // The applicant: the list, then the form sent half-filled, then complete.
        var applicant = await web.SignInAsync("alice", "Applicant", "X26");
        await Checked(applicant, "applicant-applications");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Start an application" }).ClickAsync();
        await Checked(applicant, "application-form");
        await Expect(applicant.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your organisation");
        await applicant.GetByLabel("Contact email").FillAsync("not-an-email");
        await Continue(applicant);
        var summary = applicant.Locator(".nhsuk-error-summary");
        await Expect(summary).ToContainTextAsync("There is a problem");
        await Expect(summary).ToContainTextAsync("Contact email must be an email address");
        await Expect(summary).ToContainTextAsync("Organisation name is required");
        await Expect(summary).Not.ToContainTextAsync("Purpose");
        await Expect(applicant).ToHaveTitleAsync(new Regex("^Error: "));
        await Checked(applicant, "application-form-errors");
        await web.ScreenshotAsync(applicant, "application-form-errors");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Contact email must be an email address" }).ClickAsync();
        await Expect(applicant.GetByLabel("Contact email")).ToBeFocusedAsync();

        await FillApplication(applicant);
        await Expect(applicant.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your answers");
        await Expect(applicant.GetByTestId("answers-3")).ToContainTextAsync("hes-apc: ADMIDATE, DIAG_4_01");
        await Checked(applicant, "check-your-answers");
        await web.ScreenshotAsync(applicant, "check-your-answers");
        await applicant.GetByRole(AriaRole.Button, new() { Name = "Submit the application" }).ClickAsync();
        await applicant.WaitForURLAsync(new Regex("/applications/NIC-\\d{6}$"));
        var id = applicant.Url[^10..];
        await ExpectState(applicant, State.AwaitingInitialReview);
        await Expect(applicant.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Application {id} submitted");
        await Expect(Actions(applicant)).ToHaveTextAsync("Withdraw the application");
        await Checked(applicant, "application-submitted");
        await web.ScreenshotAsync(applicant, "application-submitted");

        // The case officer: the work queue, the review, the external approvals, the assessment.
        var officer = await web.SignInAsync("olivia", "CaseOfficer");
        await Expect(officer.GetByTestId("applications")).ToContainTextAsync(id);
        await Checked(officer, "work-queue");
        await web.ScreenshotAsync(officer, "work-queue");
        await officer.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await ExpectActions(officer, "Review the application", "Terminate the application");
        await Act(officer, "Review the application", "officer-review", async p => await p.GetByLabel("Accept for assessment").CheckAsync());
        await ExpectState(officer, State.UnderAssessment);
        await Expect(officer.GetByTestId("sla")).ToContainTextAsync("waiting for the Research ethics committee approval");

        await Act(officer, "Request an external approval", "external-approval-requested", async p =>
        {
            await p.GetByLabel("ONS accredited researcher").CheckAsync();
            await p.GetByLabel("Notes (optional)").FillAsync("The analyst needs ONS accreditation.");
        });
        await Expect(officer.GetByTestId("external-approvals")).ToContainTextAsync("ONS accredited researcher");
        await Checked(officer, "application-under-assessment");
        await web.ScreenshotAsync(officer, "application-under-assessment");

        foreach (var (approval, reference) in new[] { ("Research ethics committee", "REC 26/LO/0001"), ("ONS accredited researcher", "ONS-AR-123") })
            await Act(officer, "Record an external approval", "external-approval", async p =>
            {
                await p.GetByRole(AriaRole.Group, new() { Name = "Which approval" }).GetByLabel(approval).CheckAsync();
                await p.GetByLabel("Granted").CheckAsync();
                await p.GetByLabel("Reference").FillAsync(reference);
            }, screenshot: approval.StartsWith("Research") ? "record-external-approval" : null);
        await Expect(officer.GetByTestId("sla")).ToContainTextAsync(new Regex("Paused now\\s*No"));
        await Act(officer, "Complete the assessment", "assessment-complete", p => p.GetByLabel("Assessment summary (optional)").FillAsync("Proportionate and lawful."));
        await ExpectState(officer, State.AwaitingApproval);
        await ExpectActions(officer, "Terminate the application");

        // The approver finds it with the work queue's filter and approves it with a condition.
        var approver = await web.SignInAsync("ann", "Approver");
        await approver.GetByLabel("State").SelectOptionAsync("AwaitingApproval");
        await approver.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(approver.GetByTestId("applications")).ToContainTextAsync(id);
        await Checked(approver, "work-queue-filtered");
        await approver.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await Act(approver, "Decide the approval", "approval-decision", async p =>
        {
            await p.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
            await p.GetByLabel("Conditions (optional)").FillAsync("No linkage beyond HES\nPublish only aggregates of 10 or more");
        }, screenshot: "approval-decision");
        await ExpectState(approver, State.AwaitingProviderSignature);
        await Expect(approver.GetByTestId("agreement")).ToContainTextAsync("Publish only aggregates of 10 or more");

        // Signatures and the purchase order start the agreement.
        await officer.ReloadAsync();
        await Act(officer, "Sign the agreement for NHS England", "agreement-signed-by-provider", p => p.GetByLabel("Signatory's full name").FillAsync("Olivia Officer"));
        await ExpectState(officer, State.AwaitingSignatureAndPurchaseOrder);
        await applicant.ReloadAsync();
        await ExpectActions(applicant, "Give the purchase order", "Sign the agreement", "Withdraw the application");
        await Act(applicant, "Give the purchase order", "purchase-order", p => p.GetByLabel("Purchase order number").FillAsync("PO-2026/0042"));
        await Act(applicant, "Sign the agreement", "agreement-signed-by-applicant", async p =>
        {
            await p.GetByLabel("Signatory's full name").FillAsync("Dr A Researcher");
            await p.GetByLabel("Signatory's role").FillAsync("Principal investigator");
        });
        await Expect(applicant.GetByTestId("agreement")).ToContainTextAsync(Today.AddDays(14).ToString("d MMMM yyyy"));

        // Production runs on its own; the page follows it to the sign-off.
        await WaitForState(applicant, State.AwaitingDataSignOff);
        await producer.GotoAsync($"/applications/{id}");
        await Expect(producer.GetByTestId("production")).ToContainTextAsync("Rows released");
        await Act(producer, "Sign off the produced data", "data-signed-off", p => p.GetByLabel("Approve and release").CheckAsync());
        await WaitForState(producer, State.Active);

        // The applicant downloads the released file.
        await applicant.ReloadAsync();
        await ExpectState(applicant, State.Active);
        await Checked(applicant, "application-active");
        await web.ScreenshotAsync(applicant, "application-active");
        await applicant.GetByRole(AriaRole.Link, new() { Name = "Get the released data" }).ClickAsync();
        await Checked(applicant, "release");
        await web.ScreenshotAsync(applicant, "release");
        var link = applicant.GetByTestId("release-files").GetByRole(AriaRole.Link).First;
        var download = await applicant.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        Assert.Equal(200, download.Status);
        var extract = await download.TextAsync();
        Assert.Contains("ADMIDATE", extract);
        Assert.Contains("2020-03-03", extract);

        // An auditor records an observation; access stays open.
        var auditor = await web.SignInAsync("audrey", "Auditor");
        await auditor.GotoAsync($"/applications/{id}");
        await Act(auditor, "Record an audit", "audit-completed", async p =>
        {
            await p.GetByRole(AriaRole.Group, new() { Name = "Finding 1: type", Exact = true }).GetByLabel("Observation").CheckAsync();
            await p.GetByRole(AriaRole.Group, new() { Name = "Finding 1: risk", Exact = true }).GetByLabel("Low").CheckAsync();
            await p.GetByLabel("Finding 1: description").FillAsync("Access log reviews are monthly, not weekly.");
        });
        await ExpectState(auditor, State.Active);
        await Expect(auditor.GetByTestId("timeline")).ToContainTextAsync("Audit completed");

        // The lifecycle picture, whole and on the application with its state marked.
        await Expect(auditor.Locator("[aria-current=step]")).ToContainTextAsync("Active");
        await Visit(auditor, "/lifecycle", "lifecycle");

        // A renewal: asked for by the applicant, approved by the approver.
        await applicant.GotoAsync($"/applications/{id}");
        await Act(applicant, "Request a renewal", "renewal-requested", async p =>
        {
            await p.GetByLabel("Extra months requested").FillAsync("6");
            await p.GetByLabel("Why you need longer").FillAsync("Follow-up analysis of readmissions in 2027.");
        });
        await ExpectState(applicant, State.UnderRenewal);
        await approver.GotoAsync($"/applications/{id}");
        await Act(approver, "Decide the renewal", "renewal-decision", async p =>
        {
            await p.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
            await p.GetByLabel("Months to extend by").FillAsync("6");
        });
        var expiry = Today.AddDays(14).AddMonths(24).AddMonths(6);
        await Expect(approver.GetByTestId("agreement")).ToContainTextAsync(expiry.ToString("d MMMM yyyy"));

        // Past the expiry on the development clock: access is revoked and the certificate of destruction is due.
        var days = expiry.DayNumber - Today.DayNumber + 1;
        await Visit(approver, "/dev/clock", "dev-clock");
        await approver.GetByLabel("Days to move forward").FillAsync(days.ToString());
        await approver.GetByRole(AriaRole.Button, new() { Name = "Move the clock" }).ClickAsync();
        await Expect(approver.GetByRole(AriaRole.Alert)).ToContainTextAsync($"moved forward {days} days");
        await applicant.GotoAsync($"/applications/{id}");
        await WaitForState(applicant, State.AwaitingDestructionCertificate);
        await ExpectActions(applicant, "Submit the certificate of destruction");
        await Act(applicant, "Submit the certificate of destruction", "certificate-of-destruction", async p =>
        {
            var destroyed = Today.AddDays(days);
            await p.GetByLabel("Signatory's full name").FillAsync("Dr A Researcher");
            await p.GetByLabel("Signatory's role").FillAsync("Principal investigator");
            await p.GetByLabel("Day", new() { Exact = true }).FillAsync(destroyed.Day.ToString());
            await p.GetByLabel("Month", new() { Exact = true }).FillAsync(destroyed.Month.ToString());
            await p.GetByLabel("Year", new() { Exact = true }).FillAsync(destroyed.Year.ToString());
            await p.GetByLabel("Method of destruction").FillAsync("Secure erasure to NIST 800-88 of every copy, backups included.");
            await p.GetByLabel("All copies of the data, including backups, are destroyed").CheckAsync();
        }, screenshot: "certificate-of-destruction");
        await ExpectState(applicant, State.Closed);
        await Expect(applicant.Locator("main")).ToContainTextAsync("Outcome: Completed");
        await Expect(applicant.GetByTestId("no-actions")).ToBeVisibleAsync();
        await web.ScreenshotAsync(applicant, "application-closed");

        Assert.True(web.Violations.Count == violationsBefore, "axe-core found serious or critical violations:\n" + string.Join("\n", web.Violations.Skip(violationsBefore)));
        Assert.True(web.Checked.Count >= 20, $"only {web.Checked.Count} pages were checked");
    }

    [BrowserFact]
    public async Task An_enquiry_is_made_and_closed_and_a_stale_form_does_not_act_twice()
    {
        var violationsBefore = web.Violations.Count;
        var context = await web.SignInAsync("alice", "Applicant", "X26");
        await Visit(context, "/enquiries/new", "enquiry-form");
        await context.GetByLabel("Organisation name").FillAsync("Example University");
        await context.GetByLabel("Contact name").FillAsync("Dr A Researcher");
        await context.GetByLabel("Contact email").FillAsync("a.researcher@example.ac.uk");
        await context.GetByLabel("Title").FillAsync("Linking deaths to admissions");
        await context.GetByLabel("Your question").FillAsync("Can we link civil registration deaths to HES?");
        await context.GetByRole(AriaRole.Button, new() { Name = "Send the enquiry" }).ClickAsync();
        await ExpectState(context, State.Enquiry);
        var id = context.Url[^10..];

        // Closing it from a form opened before it closed: the page says so instead of acting twice.
        await context.GotoAsync($"/applications/{id}/actions/enquiry-closed");
        var stale = await context.Context.NewPageAsync();
        await stale.GotoAsync($"/applications/{id}/actions/enquiry-closed");
        await context.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await ExpectState(context, State.Closed);
        await stale.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(stale.GetByTestId("problem")).ToContainTextAsync("changed while you had this page open");
        await Checked(stale, "stale-action");
        await Visit(context, "/applications/NIC-000000", "not-found");
        await Visit(context, $"/applications/{id}/cohort", "cohort");
        await Visit(context, "/datasets", "forbidden");
        await Expect(context.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You cannot do this");
        await context.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(context.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You have signed out");
        await Checked(context, "signed-out");
        await context.GotoAsync("/applications");
        await Expect(context).ToHaveURLAsync(new Regex("/sign-in\\?ReturnUrl=%2Fapplications$"));
        Assert.True(web.Violations.Count == violationsBefore, "axe-core found serious or critical violations:\n" + string.Join("\n", web.Violations.Skip(violationsBefore)));
    }

    [BrowserFact]
    public async Task A_cohort_is_uploaded_rejected_with_its_error_report_then_accepted_and_linked()
    {
        var violationsBefore = web.Violations.Count;
        string Nhs(string nine) => nine + (11 - nine.Select((c, i) => (c - '0') * (10 - i)).Sum() % 11) % 11;
        var (a, b, c) = (Nhs("900000001"), Nhs("900000002"), Nhs("900000003"));
        await using (var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"NHS_NUMBER,ADMIDATE,DIAG_4_01\n{a},2020-01-01,A01\n{b},2020-03-03,C03\n")))
            Assert.NotNull((await web.App.Service<Dars.Activities.Data.DatasetStore>().PutAsync("hes-apc", data, default)).Info);

        // Up to the agreement through the runtime (the browser journey above shows those pages).
        var runtime = web.App.Service<Dars.Runtime.ApplicationRuntime>();
        var form = Forms.Valid(Today) with { RequestedStartDate = Today };
        var id = ((Dars.Runtime.Applied)await runtime.SubmitAsync(new Dars.Lifecycle.Events.ApplicationSubmitted(form), Journey.Alice, default)).State.Id;
        await Journey.Raise(runtime, id, new Dars.Lifecycle.Events.OfficerReview("accept", null, null), Journey.Olivia);
        await Journey.Raise(runtime, id, new Dars.Lifecycle.Events.AssessmentCompleted(null), Journey.Olivia);
        await Journey.Raise(runtime, id, new Dars.Lifecycle.Events.ApprovalDecision("approve", [], null, null), Journey.Ann);
        await Journey.Raise(runtime, id, new Dars.Lifecycle.Events.AgreementSignedByProvider("Olivia Officer"), Journey.Olivia);
        await Journey.Raise(runtime, id, new Dars.Lifecycle.Events.PurchaseOrder("PO-1"), Journey.Alice);
        await Journey.Raise(runtime, id, new Dars.Lifecycle.Events.AgreementSignedByApplicant("Dr A Researcher", "PI"), Journey.Alice);

        var applicant = await web.SignInAsync("alice", "Applicant", "X26");
        await applicant.GotoAsync($"/applications/{id}");
        await ExpectState(applicant, State.AwaitingCohort);
        await Actions(applicant).GetByText("Upload the cohort").ClickAsync();
        await Checked(applicant, "cohort-upload");
        const string header = "UNIQUE REFERENCE,NHS_NO,FAMILY_NAME,GIVEN_NAME,GENDER,DATE_OF_BIRTH,POSTCODE,STATUS\n";
        await Upload(applicant, $"{id}_first.csv", header + $"R1,{a},,,1,1980-01-01,,add\nR2,1234567890,,,2,1970-05-05,,add\nR3,{c},,,9,1960-06-06,,add\n");

        // Too many invalid rows: rejected, with the error report (never a whole NHS number).
        await WaitForState(applicant, State.AwaitingCohort);
        await applicant.GotoAsync($"/applications/{id}/cohort");
        await Expect(applicant.GetByTestId("cohort-summary")).ToContainTextAsync("Rejected");
        await Expect(applicant.GetByTestId("cohort-summary")).ToContainTextAsync("3 in total, 2 valid, 1 invalid");
        await Checked(applicant, "cohort-rejected");
        await web.ScreenshotAsync(applicant, "cohort-rejected");
        var report = await applicant.APIRequest.GetAsync((await applicant.GetByRole(AriaRole.Link, new() { Name = "Download the error report (CSV)" }).GetAttributeAsync("href"))!);
        var errors = await report.TextAsync();
        Assert.StartsWith("ROW,UNIQUE REFERENCE,FIELD,ERROR", errors);
        Assert.Contains("R2", errors);
        Assert.DoesNotContain("1234567890", errors);

        // A good file: accepted, then the data is produced from the linked cohort.
        await Upload(applicant, $"{id}_second.csv", header + $"R1,{a},,,1,1980-01-01,,add\nR2,{b},,,2,1970-05-05,,add\nR3,{c},,,9,1960-06-06,,add\n");
        await WaitForState(applicant, State.AwaitingDataSignOff);
        await Expect(applicant.GetByTestId("cohort")).ToContainTextAsync("3 in total, 3 valid, 0 invalid");
        await Expect(applicant.GetByTestId("production")).ToContainTextAsync("Matched");
        Assert.True(web.Violations.Count == violationsBefore, "axe-core found serious or critical violations:\n" + string.Join("\n", web.Violations.Skip(violationsBefore)));
    }

    private async Task Upload(IPage page, string fileName, string csv)
    {
        if (!page.Url.EndsWith("/cohort", StringComparison.Ordinal)) await page.GotoAsync(page.Url.Split('?')[0].TrimEnd('/') + "/cohort");
        await page.GetByLabel("Upload the cohort file").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload the cohort", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/applications/NIC-\\d{6}$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"{fileName} uploaded");
    }

    /// <summary>The six pages of the form, each checked by axe and each answered with Continue.</summary>
    private async Task FillApplication(IPage p)
    {
        await p.GetByLabel("Organisation name").FillAsync("Example University");
        await p.GetByLabel("Contact name").FillAsync("Dr A Researcher");
        await p.GetByLabel("Contact email").FillAsync("a.researcher@example.ac.uk");
        await Continue(p, "Your project");
        await p.GetByLabel("Title", new() { Exact = true }).FillAsync("Heart failure readmissions");
        await p.GetByLabel("Purpose", new() { Exact = true }).FillAsync("To measure 30-day readmission after heart failure admissions.");
        await p.GetByLabel("Benefits", new() { Exact = true }).FillAsync("Better discharge planning for heart failure patients in England.");
        await p.GetByLabel("Academic research").CheckAsync();
        await Continue(p, "The data");
        await p.GetByRole(AriaRole.Checkbox, new() { Name = "hes-apc", Exact = true }).CheckAsync();
        await p.GetByRole(AriaRole.Checkbox, new() { Name = "ADMIDATE", Exact = true }).CheckAsync();
        await p.GetByRole(AriaRole.Checkbox, new() { Name = "DIAG_4_01", Exact = true }).CheckAsync();
        await p.GetByLabel("Uphold patient objections").CheckAsync();
        await p.GetByRole(AriaRole.Group, new() { Name = "Will you send a cohort of participants?" }).GetByLabel("No", new() { Exact = true }).CheckAsync();
        await p.GetByLabel("Secure file transfer").CheckAsync();
        await Continue(p, "Legal basis");
        await p.GetByLabel("6(1)(e) public task").CheckAsync();
        await p.GetByLabel("9(2)(j) archiving, research or statistics").CheckAsync();
        await p.GetByLabel("Section 251 support").CheckAsync();
        await p.GetByLabel("Section 251 reference").FillAsync("CAG 19/CAG/0001");
        await p.GetByLabel("Research ethics committee").CheckAsync();
        await Continue(p, "Security");
        await p.GetByLabel("Standards met").CheckAsync();
        await p.GetByLabel("England").CheckAsync();
        await Continue(p, "When and how long");
        var start = Today.AddDays(14);
        await p.GetByLabel("Day", new() { Exact = true }).FillAsync(start.Day.ToString());
        await p.GetByLabel("Month", new() { Exact = true }).FillAsync(start.Month.ToString());
        await p.GetByLabel("Year", new() { Exact = true }).FillAsync(start.Year.ToString());
        await p.GetByLabel("Requested term in months").FillAsync("24");
        await Continue(p, "Check your answers");
    }

    private async Task Continue(IPage page, string? next = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        if (next is null) return;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(next);
        await Checked(page, "application-form-" + next.ToLowerInvariant().Replace(' ', '-'));
    }

    /// <summary>Opens an action from the application page, checks and fills its form, confirms, and lands back on the application.</summary>
    private async Task Act(IPage page, string action, string eventName, Func<IPage, Task> fill, string? screenshot = null)
    {
        await page.GetByTestId("actions").GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(action);
        await Checked(page, $"action-{eventName}");
        await fill(page);
        if (screenshot is not null) await web.ScreenshotAsync(page, screenshot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/applications/NIC-\\d{6}$"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"{action}: done");
        await Checked(page, $"after-{eventName}");
    }

    private static ILocator Actions(IPage page) => page.GetByTestId("actions").GetByRole(AriaRole.Button);

    private static async Task ExpectActions(IPage page, params string[] actions) =>
        await Expect(Actions(page)).ToHaveTextAsync(actions);

    private static async Task ExpectState(IPage page, State state) =>
        await Expect(page.GetByTestId("state")).ToHaveAttributeAsync("data-state", state.ToString());

    /// <summary>Work DARS does on its own: the page polls and refreshes itself; reload too in case it was not open yet.</summary>
    private static async Task WaitForState(IPage page, State state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (await page.GetByTestId("state").GetAttributeAsync("data-state") != state.ToString())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still {await page.GetByTestId("state").GetAttributeAsync("data-state")}, waiting for {state}");
            await Task.Delay(500);
            if (!page.Url.Contains("/applications/NIC-")) continue;
            try { await page.ReloadAsync(); }
            // The page refreshes itself too: a reload that meets its own navigation is aborted, and that is fine.
            catch (PlaywrightException e) when (e.Message.Contains("ERR_ABORTED", StringComparison.Ordinal)) { }
        }
    }

    private async Task Visit(IPage page, string path, string name)
    {
        await page.GotoAsync(path);
        await Checked(page, name);
        await web.ScreenshotAsync(page, name);
    }

    private Task Checked(IPage page, string name) => web.CheckAsync(page, name);
}
