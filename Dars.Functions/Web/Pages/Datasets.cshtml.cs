using Dars.Activities.Data;
using Dars.Lifecycle;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages;

/// <summary>Data producers: the datasets (CSV, first column NHS_NUMBER) and the objection register, as <c>PUT /api/datasets</c> and <c>PUT /api/objections</c>.</summary>
public sealed class DatasetsModel(DatasetStore store, ObjectionRegister objections) : DarsPage
{
    public IReadOnlyList<DatasetInfo> Datasets { get; private set; } = [];
    public WebForm Form { get; private set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Caller.Has(Role.DataProducer)) return Forbid();
        Datasets = await store.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDatasetAsync(IFormFile? file, CancellationToken ct)
    {
        if (!Caller.Has(Role.DataProducer)) return Forbid();
        Form = WebForm.From(Request.Form);
        Form.Labels["datasetId"] = "Dataset id";
        Form.Labels["file"] = "Dataset file";
        var id = Form.Trimmed("datasetId");
        if (id is null) Form.AddError("datasetId", "Enter the dataset id, for example hes-apc");
        else if (!DatasetStore.IsValidId(id)) Form.AddError("datasetId", "Dataset id must be 1 to 64 lowercase letters, digits and hyphens, for example hes-apc");
        if (file is null || file.Length == 0) Form.AddError("file", "Select a CSV file");
        if (Form.HasErrors) return await Reload(ct);

        await using var stream = file!.OpenReadStream();
        var result = await store.PutAsync(id!, stream, ct);
        if (result.Info is not { } info)
        {
            foreach (var problem in result.Problems) Form.AddError("file", problem);
            return await Reload(ct);
        }
        Success = $"Dataset {info.Id} {(result.Created ? "added" : "replaced")}: {info.Rows} rows, fields {string.Join(", ", info.Fields)}.";
        return Redirect("/datasets");
    }

    public async Task<IActionResult> OnPostObjectionsAsync(IFormFile? objectionsFile, CancellationToken ct)
    {
        if (!Caller.Has(Role.DataProducer)) return Forbid();
        Form = WebForm.From(Request.Form);
        Form.Labels["objectionsFile"] = "Objection register file";
        if (objectionsFile is null || objectionsFile.Length == 0)
        {
            Form.AddError("objectionsFile", "Select a CSV file");
            return await Reload(ct);
        }
        await using var stream = objectionsFile.OpenReadStream();
        var result = await objections.ReplaceAsync(stream, ct);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Problems) Form.AddError("objectionsFile", problem);
            return await Reload(ct);
        }
        Success = $"Objection register replaced: {result.Count} objections.";
        return Redirect("/datasets");
    }

    private async Task<IActionResult> Reload(CancellationToken ct)
    {
        Datasets = await store.ListAsync(ct);
        return Page();
    }
}
