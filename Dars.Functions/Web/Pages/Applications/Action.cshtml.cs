using System.Text.Json;
using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Dars.Web.Actions;
using Dars.Web.Forms;
using Microsoft.AspNetCore.Mvc;

namespace Dars.Web.Pages.Applications;

/// <summary>
/// One action on an application: the form of its event with a confirmation of what will happen. The
/// body goes through the same <see cref="ApplicationRuntime.RaiseAsync"/> as <c>POST …/events/{eventName}</c>,
/// with an idempotency key per form (a double submit applies once) and the state the person saw, so a
/// decision is never taken on a page that has gone stale.
/// </summary>
public sealed class ActionModel(ApplicationRuntime runtime) : DarsPage
{
    public Application Application { get; private set; } = new();
    public ActionDefinition Definition { get; private set; } = null!;
    public IReadOnlyList<ActionField> Fields { get; private set; } = [];
    public WebForm Form { get; private set; } = new();

    /// <summary>A refusal that is about the application, not a field (not awaited any more, changed meanwhile).</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string eventName, CancellationToken ct)
    {
        if (await Load(id, eventName, ct) is { } missing) return missing;
        if (!Decider.Awaiting(Application, Caller).Contains(eventName))
            Problem = $"{Definition.Title} is not something you can do while the application is {Display.State(Application.State).ToLowerInvariant()}.";
        return Page();
    }

    private IActionResult SentWithOtherAnswers()
    {
        Problem = "This form was already sent with different answers. Open the action again to give a new one.";
        return Page();
    }

    private RedirectResult Done(Application state)
    {
        Success = $"{Definition.Title}: done. The application is now {Display.State(state.State).ToLowerInvariant()}.";
        return Redirect($"/applications/{state.Id}");
    }

    public async Task<IActionResult> OnPostAsync(string id, string eventName, CancellationToken ct)
    {
        if (await Load(id, eventName, ct) is { } missing) return missing;
        Form = WebForm.From(Request.Form);
        KeepIdempotencyKey(Form.Trimmed("idempotencyKey"));
        RegisterLabels();

        var body = new JsonObject();
        foreach (var field in Fields) field.Read(Form, body);
        if (Form.HasErrors) return Page();

        EventCatalog.TryGetType(eventName, out var type);
        EventData data;
        try
        {
            data = (EventData)(body.Deserialize(type, DarsJson.Options) ?? throw new JsonException("empty"));
        }
        catch (JsonException)
        {
            Form.AddError(Fields[0].Name, "Some of the answers could not be read; check them and try again");
            return Page();
        }

        // A decision taken on a page that has gone stale is not taken: the state the person saw must still hold.
        // (The version would also move with DARS's own notices, which change nothing a person decides on.) Unless
        // this very form, sent before (a second click), is what moved it on.
        var options = new RaiseOptions(IdempotencyKey, RowKeys.Hash(eventName + "\n" + DarsJson.SerializeEvent(data)));
        if (Form.Trimmed("seenState") is { } seen && seen != Application.State.ToString())
        {
            switch (await runtime.ReplayAsync(id, options, ct))
            {
                case Replayed: return Done(Application);
                case IdempotencyKeyReused: return SentWithOtherAnswers();
            }
            Problem = $"The application changed while you had this page open: it is now {Display.State(Application.State).ToLowerInvariant()}. Check it before deciding again.";
            return Page();
        }
        var outcome = await runtime.RaiseAsync(id, new Command(data, Caller), options, ct);
        switch (outcome)
        {
            case Applied { State: var applied }:
                return Done(applied);
            case Replayed { State: var replayed }:
                return Done(replayed);
            case Refused { Rejection.Kind: RejectionKind.Invalid } refused:
                Form.AddErrors(refused.Rejection.Errors, Fields.Count > 0 ? Fields[0].Name : "confirm");
                if (refused.Rejection.Errors is null or { Count: 0 }) Form.AddError(Fields.Count > 0 ? Fields[0].Name : "confirm", refused.Rejection.Detail);
                return Page();
            case Refused refused:
                Application = refused.State;
                Problem = refused.Rejection.Detail;
                return Page();
            case PreconditionFailed failed:
                Application = failed.State;
                Problem = $"The application changed while you had this page open: it is now {Display.State(failed.State.State).ToLowerInvariant()} (version {failed.State.Version}). Check it before deciding again.";
                return Page();
            case IdempotencyKeyReused:
                return SentWithOtherAnswers();
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult?> Load(string id, string eventName, CancellationToken ct)
    {
        if (ActionCatalog.Find(eventName) is not { } definition) return NotFound();
        if (await runtime.GetAsync(id, Caller, ct) is not { } application) return NotFound();
        Definition = definition;
        Application = application;
        Fields = definition.Fields(application);
        return null;
    }

    /// <summary>Every field's label is known before errors arrive, so each error lands on its field.</summary>
    private void RegisterLabels()
    {
        foreach (var field in Fields) field.Render(Form);
        Form.Labels.TryAdd("confirm", "Confirm");
    }
}
