using System.Diagnostics;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime;

/// <summary>
/// Carries commands through the decider and into storage: read (or take the cached snapshot), decide,
/// commit events + snapshot + outbox + idempotency marker as one transaction, then hand the outbox to
/// dispatch. A lost race is decided again from a fresh read; nothing is merged.
/// </summary>
public sealed class ApplicationRuntime(
    ApplicationStore store,
    ExternalReferenceRegistry references,
    SnapshotCache cache,
    IDispatchQueue dispatch,
    DecisionContextSource contexts,
    RuntimeOptions options,
    ILogger<ApplicationRuntime> logger)
{
    public static readonly ActivitySource Tracing = new("Dars.Runtime");

    /// <summary>The application as the caller may see it, or null.</summary>
    public async Task<Application?> GetAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken);
        if (stored is null || !caller.CanSee(stored.State)) return null;
        cache.Set(stored);
        return stored.State;
    }

    /// <summary>
    /// What became of a command already sent with this idempotency key: <see cref="Replayed"/> if the same request was
    /// applied, <see cref="IdempotencyKeyReused"/> if another was, null if none. A web form sent twice asks this before
    /// judging its page stale (the first sending is what moved the application on).
    /// </summary>
    public Task<CommandOutcome?> ReplayAsync(string id, RaiseOptions raise, CancellationToken cancellationToken) =>
        ReplayIfApplied(id, raise, cancellationToken);

    public async Task<IReadOnlyList<RecordedEvent>?> GetHistoryAsync(string id, Caller caller, CancellationToken cancellationToken) =>
        await GetAsync(id, caller, cancellationToken) is null ? null : await store.GetHistoryAsync(id, cancellationToken);

    /// <summary>
    /// Opens a new instance with a fresh <c>NIC-</c> id (an enquiry). With an <c>Idempotency-Key</c> the key is first
    /// reserved for an id, per caller, so that a retry finds the instance the first attempt created (or was about to
    /// create after a crash) instead of opening another; the commit carries the key's marker as an event's does.
    /// </summary>
    public async Task<CommandOutcome> CreateAsync(Command command, RaiseOptions raise, CancellationToken cancellationToken)
    {
        if (raise.IdempotencyKey is not { } key)
        {
            for (var attempt = 0; attempt < options.MaxCommitAttempts; attempt++)
                if (await TryCreateAsync(ApplicationIds.New(), command, RaiseOptions.None, cancellationToken) is { } outcome) return outcome;
            throw new InvalidOperationException("Could not allocate a free application id.");
        }

        // A refusal reserves nothing.
        var context = await contexts.CreateAsync(cancellationToken);
        if (Decider.Decide(command, new Application(), context) is Rejected rejected) return new Refused(rejected, new Application());

        var scope = KeyScope(command.Caller);
        for (var attempt = 0; attempt < options.MaxCommitAttempts; attempt++)
        {
            var id = await references.ReserveAsync(scope, key, ApplicationIds.New(), context.Now, cancellationToken);
            if (await ReplayIfApplied(id, raise, cancellationToken) is { } replayed) return replayed;
            if (await TryCreateAsync(id, command, raise, cancellationToken) is { } outcome) return outcome;
            // The id is taken: by this key's own first attempt racing this one, or by an unrelated application.
            if (await ReplayIfApplied(id, raise, cancellationToken) is { } raced) return raced;
            await references.MoveAsync(scope, key, ApplicationIds.New(), context.Now, cancellationToken);
        }
        throw new InvalidOperationException("Could not allocate a free application id.");
    }

    /// <summary>Keys of creations are the caller's own: a registry partition per person, apart from the organisations' references.</summary>
    private static string KeyScope(Caller caller) => "KEY-" + RowKeys.Hash(caller.Id)[..40];

    /// <summary>
    /// Opens an application, unless the organisation already has one with this <c>externalReference</c>,
    /// which is then returned as it is.
    /// </summary>
    public async Task<CommandOutcome> SubmitAsync(ApplicationSubmitted submission, Caller caller, CancellationToken cancellationToken)
    {
        var command = new Command(submission, caller);
        // Only someone who may submit at all learns that the reference is already taken, and by which application.
        if (Decider.MayEverRaise(command.EventName, caller) is { } forbidden) return new Refused(forbidden, new Application());
        var form = submission.Application;
        // Only the caller's own organisation can have the application already: any other is refused below, and an
        // ODS code that is not the token's own is not fit to be a storage key.
        if (form.Organisation?.OdsCode is { Length: > 0 } org && string.Equals(org, caller.Organisation, StringComparison.OrdinalIgnoreCase)
            && form.ExternalReference is { Length: > 0 } reference)
        {
            if (await references.FindAsync(org, reference, cancellationToken) is { } known
                && await ExistingFor(known, org, reference, cancellationToken) is { } existing
                && caller.CanSee(existing))
                return new Replayed(existing);
        }

        var context = await contexts.CreateAsync(cancellationToken);
        if (Decider.Decide(command, new Application(), context) is Rejected rejected)
            return new Refused(rejected, new Application());

        var ods = form.Organisation!.OdsCode!;
        for (var attempt = 0; attempt < options.MaxCommitAttempts; attempt++)
        {
            var candidate = ApplicationIds.New();
            var id = await references.ReserveAsync(ods, form.ExternalReference!, candidate, context.Now, cancellationToken);
            var outcome = await TryCreateAsync(id, command, RaiseOptions.None, cancellationToken);
            if (outcome is not null) return outcome;
            if (await ExistingFor(id, ods, form.ExternalReference!, cancellationToken) is { } existing)
                return new Replayed(existing);
            // Our own fresh id was taken by an unrelated application meanwhile: reserve another. Someone else's
            // reservation is taken over only as a crash's leftover (an enquiry's submission may be committing it).
            if (id == candidate) await references.MoveAsync(ods, form.ExternalReference!, ApplicationIds.New(), context.Now, cancellationToken);
            else if (!await references.TryTakeOverAsync(ods, form.ExternalReference!, ApplicationIds.New(), context.Now, ReservationGrace, cancellationToken))
                return new ExternalReferenceTaken(id);
        }
        throw new InvalidOperationException("Could not allocate a free application id.");
    }

    /// <summary>Raises an event on an existing application.</summary>
    public async Task<CommandOutcome> RaiseAsync(string id, Command command, RaiseOptions raise, CancellationToken cancellationToken)
    {
        using var trace = Tracing.StartActivity("command " + command.EventName);
        trace?.SetTag("dars.application", id);

        var stored = cache.Get(id);
        var fresh = stored is null;
        stored ??= await store.GetAsync(id, cancellationToken);

        for (var attempt = 0; attempt < options.MaxCommitAttempts; attempt++)
        {
            if (stored is null || !command.Caller.CanSee(stored.State)) return new NotFound();
            var state = stored.State;

            if (raise.ExpectedVersion is { } expected && expected != state.Version)
            {
                if (!fresh) { stored = await Reread(id, cancellationToken); fresh = true; continue; }
                return await ReplayIfApplied(id, raise, cancellationToken) ?? new PreconditionFailed(state);
            }

            var context = await contexts.CreateAsync(cancellationToken);
            var decision = Decider.Decide(command, state, context);
            if (decision is Rejected rejected)
            {
                // A refusal from a cached snapshot might be the cache's fault: judge it on a fresh read.
                if (!fresh) { stored = await Reread(id, cancellationToken); fresh = true; continue; }
                return await ReplayIfApplied(id, raise, cancellationToken) ?? new Refused(rejected, state);
            }

            var accepted = (Accepted)decision;
            if (accepted.Events.OfType<ApplicationSubmitted>().FirstOrDefault() is { } submitted
                && await ClaimReference(id, submitted, context.Now, cancellationToken) is { } taken)
                return taken;

            var (next, commit) = Prepare(state, command, accepted, context.Now, stored, raise);
            var result = await store.CommitAsync(commit, cancellationToken);
            switch (result.Status)
            {
                case CommitStatus.Committed:
                    return Committed(next, result, commit, created: false);
                case CommitStatus.AlreadyApplied:
                    return await ReplayIfApplied(id, raise, cancellationToken) ?? throw new UnreachableException("Idempotency marker vanished.");
                case CommitStatus.TooLarge:
                    return TooLarge(state);
                default:
                    logger.LogDebug("Lost a race on {Application} at version {Version}; deciding again", id, state.Version);
                    stored = await Reread(id, cancellationToken);
                    fresh = true;
                    break;
            }
        }
        throw new ConcurrencyLimitException(id, options.MaxCommitAttempts);
    }

    private async Task<CommandOutcome?> TryCreateAsync(string id, Command command, RaiseOptions raise, CancellationToken cancellationToken)
    {
        var context = await contexts.CreateAsync(cancellationToken);
        var blank = new Application { Id = id };
        var decision = Decider.Decide(command, blank, context);
        if (decision is not Accepted accepted) return new Refused((Rejected)decision, blank);

        var (next, commit) = Prepare(blank, command, accepted, context.Now, stored: null, raise);
        var result = await store.CommitAsync(commit, cancellationToken);
        return result.Status switch
        {
            CommitStatus.Committed => Committed(next, result, commit, created: true),
            CommitStatus.TooLarge => TooLarge(blank),
            _ => null,
        };
    }

    private static Refused TooLarge(Application state) => new(new Rejected(RejectionKind.Invalid,
        "This would make the application's record larger than DARS can store; shorten the longest texts and lists.",
        new Dictionary<string, string[]> { ["body"] = [$"The text would take more than {ApplicationStore.MaxRowJsonChars:N0} characters to store."] }), state);

    private static (Application Next, Commit Commit) Prepare(
        Application state, Command command, Accepted accepted, DateTimeOffset now, StoredApplication? stored, RaiseOptions raise)
    {
        var actor = new Actor(command.Caller.Id, accepted.ActingRole);
        var events = accepted.Events.Select((data, i) => new RecordedEvent(state.Version + 1 + i, now, actor, data)).ToArray();
        var next = events.Aggregate(state, Decider.Evolve);
        var outbox = accepted.Effects
            .Select((effect, i) => new OutboxEntry(next.Id, next.Version, i, effect))
            .Append(new OutboxEntry(next.Id, next.Version, accepted.Effects.Count, null))
            .ToArray();
        var marker = raise.IdempotencyKey is { } key ? new IdempotencyRecord(key, raise.Fingerprint ?? "", next.Version) : null;
        return (next, new Commit(next, stored?.ETag, events, outbox, marker));
    }

    private Applied Committed(Application next, CommitResult result, Commit commit, bool created)
    {
        cache.Set(new StoredApplication(next, result.ETag));
        if (options.DispatchAfterCommit) dispatch.Enqueue(next, commit.Outbox);
        return new Applied(next, created);
    }

    private async Task<StoredApplication?> Reread(string id, CancellationToken cancellationToken)
    {
        cache.Remove(id);
        var stored = await store.GetAsync(id, cancellationToken);
        if (stored is not null) cache.Set(stored);
        return stored;
    }

    /// <summary>With an idempotency key already recorded, the first result: the application as that command left it.</summary>
    private async Task<CommandOutcome?> ReplayIfApplied(string id, RaiseOptions raise, CancellationToken cancellationToken)
    {
        if (raise.IdempotencyKey is not { } key) return null;
        var marker = await store.GetIdempotencyAsync(id, key, cancellationToken);
        if (marker is null) return null;
        if (marker.Fingerprint != (raise.Fingerprint ?? "")) return new IdempotencyKeyReused(key);
        var history = await store.GetHistoryAsync(id, cancellationToken);
        return new Replayed(Decider.Fold(id, history.TakeWhile(e => e.Version <= marker.Version)));
    }

    private async Task<Application?> ExistingFor(string id, string organisation, string reference, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken);
        return stored is not null
               && string.Equals(stored.State.Organisation?.OdsCode, organisation, StringComparison.OrdinalIgnoreCase)
               && stored.State.ExternalReference == reference
            ? stored.State
            : null;
    }

    /// <summary>An enquiry becoming an application takes its <c>externalReference</c> like a new application would.</summary>
    private async Task<CommandOutcome?> ClaimReference(string id, ApplicationSubmitted submitted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var org = submitted.Application.Organisation!.OdsCode!;
        var reference = submitted.Application.ExternalReference!;
        var owner = await references.ReserveAsync(org, reference, id, now, cancellationToken);
        if (owner == id) return null;
        if (await ExistingFor(owner, org, reference, cancellationToken) is not null) return new ExternalReferenceTaken(owner);
        // The reservation names an application without the reference: a crash stopped its command, and this one takes
        // the reference over; unless it is recent, when that command may still be committing (an enquiry exists before
        // it is submitted, so its existence tells nothing).
        return await references.TryTakeOverAsync(org, reference, id, now, ReservationGrace, cancellationToken)
            ? null
            : new ExternalReferenceTaken(owner);
    }

    /// <summary>How long a reservation is left to the command that made it before another may take it over.</summary>
    private static readonly TimeSpan ReservationGrace = TimeSpan.FromMinutes(1);
}

/// <summary>A command kept losing races: the application is too contended to decide now (HTTP 503, retry later).</summary>
public sealed class ConcurrencyLimitException(string id, int attempts)
    : Exception($"Application {id} changed under {attempts} attempts in a row; try again.");
