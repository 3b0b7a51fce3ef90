using System.Security.Cryptography;
using Dars.Activities.Cohort;
using Dars.Api;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Dars.Web.Actions;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Applications;

/// <summary>
/// The cohort: upload (as <c>PUT /api/applications/{id}/cohort</c>: the file is streamed to storage and
/// <c>cohort-uploaded</c> goes through the runtime), then the validation's summary and error report.
/// </summary>
public sealed class CohortModel(ApplicationRuntime runtime, CohortFiles files, CohortHousekeeping housekeeping, IServiceProvider services) : DarsPage
{
    public Application Application { get; private set; } = new();
    public bool Awaited { get; private set; }
    public CohortSummary? Summary { get; private set; }
    public bool HasErrorReport { get; private set; }
    public WebForm Form { get; private set; } = new();


    private long MaxBytes => services.GetService<FileLimits>()?.MaxCohortBytes ?? new FileLimits().MaxCohortBytes;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await Load(id, ct) ? Page() : NotFound();

    /// <summary>The error report (CSV: ROW, UNIQUE REFERENCE, FIELD, ERROR), never a full NHS number.</summary>
    public async Task<IActionResult> OnGetErrorsAsync(string id, CancellationToken ct)
    {
        if (!await Load(id, ct) || Application.Cohort.BlobName is not { } blob || Summary is null) return NotFound();
        return await files.OpenErrorsAsync(blob, ct) is { } errors ? File(errors, "text/csv", $"{id}_cohort_errors.csv") : NotFound();
    }

    /// <summary>This page's form already uploaded another file (it was opened again with Back): it takes a new key.</summary>
    private IActionResult UsedBefore()
    {
        RenewIdempotencyKey();
        Form.AddError("file", "This page already uploaded a different file. Choose the file again and upload it");
        return Page();
    }

    private RedirectResult Uploaded(string id, string? fileName)
    {
        Success = $"{fileName} uploaded. DARS is checking it.";
        return Redirect($"/applications/{id}");
    }

    public async Task<IActionResult> OnPostAsync(string id, IFormFile? file, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        Form.Labels["file"] = "Cohort file";
        KeepIdempotencyKey(Request.Form["idempotencyKey"].ToString());
        var options = new RaiseOptions(IdempotencyKey, await FingerprintAsync(file, ct));
        if (!Awaited)
        {
            // Sent twice (a second click): the first upload is what moved the application on.
            switch (await runtime.ReplayAsync(id, options, ct))
            {
                case Replayed: return Uploaded(id, Application.Cohort.FileName);
                case IdempotencyKeyReused: return UsedBefore();
            }
            Form.AddError("file", $"A cohort is not awaited while the application is {Display.State(Application.State).ToLowerInvariant()}");
            return Page();
        }
        if (file is null || file.Length == 0)
        {
            Form.AddError("file", "Select the cohort file (CSV)");
            return Page();
        }
        var fileName = Path.GetFileName(file.FileName);
        if (file.Length > MaxBytes)
        {
            Form.AddError("file", $"The file is larger than {MaxBytes / (1024 * 1024)} MB: split the cohort");
            return Page();
        }

        string blobName;
        await using (var stream = file.OpenReadStream())
        {
            try { blobName = await files.UploadAsync(id, fileName, stream, MaxBytes, ct); }
            catch (CohortTooLargeException)
            {
                Form.AddError("file", $"The file is larger than {MaxBytes / (1024 * 1024)} MB: split the cohort");
                return Page();
            }
        }
        var outcome = await runtime.RaiseAsync(id, new Command(new CohortUploaded(fileName, blobName), Caller), options, ct);
        if (outcome is not Applied) await housekeeping.DiscardRefusedAsync(id, blobName, CancellationToken.None);
        switch (outcome)
        {
            case Applied or Replayed:
                return Uploaded(id, fileName);
            case IdempotencyKeyReused:
                return UsedBefore();
            case Refused refused:
                Form.AddErrors(refused.Rejection.Errors, "file");
                if (refused.Rejection.Errors is null or { Count: 0 }) Form.AddError("file", refused.Rejection.Detail);
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>
    /// The file's name and content, not its stored copy: a second sending of the form stores its own copy, and is the
    /// same upload; the same name and size with other content (the page opened again with Back) is not.
    /// </summary>
    private static async Task<string> FingerprintAsync(IFormFile? file, CancellationToken ct)
    {
        var content = "";
        if (file is not null)
        {
            await using var stream = file.OpenReadStream(); // the form's own buffered copy, read again for the upload
            content = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        return RowKeys.Hash($"{EventCatalog.NameOf<CohortUploaded>()}\n{file?.FileName}\n{content}");
    }

    private async Task<bool> Load(string id, CancellationToken ct)
    {
        if (await runtime.GetAsync(id, Caller, ct) is not { } application) return false;
        Application = application;
        Awaited = Decider.Awaiting(application, Caller).Contains(ActionCatalog.CohortUpload);
        if (application.Cohort.BlobName is { } blob && application.Cohort.Status != CohortStatus.Validating)
        {
            Summary = await files.GetSummaryAsync(blob, ct);
            HasErrorReport = Summary is { InvalidRows: > 0 } || Summary is { Accepted: false };
        }
        return true;
    }
}
