using Dars.Runtime.Instances;
using Microsoft.Extensions.Logging;

namespace Dars.Runtime.Outbox;

/// <summary>
/// Finds outbox entries that outlived the dispatch right after their commit and dispatches them. Two ways in:
/// <list type="bullet">
/// <item>A dispatch that failed marked its application (<see cref="ApplicationStore.MarkUndispatchedAsync"/>):
/// every run reads those marks, one small partition.</item>
/// <item>A process that stopped between commit and dispatch marked nothing: only a scan of the whole table finds
/// what it left, and that scan costs more with every event ever stored. So it runs on a process's first sweeps
/// (a restart after a crash finds its own leftovers at once) and then once every
/// <see cref="RuntimeOptions.OutboxFullSweepInterval"/>.</item>
/// </list>
/// Entries younger than the grace period are left to the in-flight dispatch, and so are those of an application with
/// a commit still queued for dispatch in this process.
/// </summary>
public sealed class OutboxSweep(
    ApplicationStore store, OutboxDispatcher dispatcher, ChannelDispatchQueue queue, TimeProvider time, RuntimeOptions options, ILogger<OutboxSweep> logger)
{
    private readonly Lock _gate = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private DateTimeOffset? _lastFullSweep;

    /// <summary>The scheduled sweep: the marked applications, and the whole table when that is due.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var dispatched = await SweepMarkedAsync(cancellationToken);
        if (FullSweepDue() is { } at)
        {
            dispatched += await SweepAllAsync(options.OutboxSweepGrace, cancellationToken);
            FullSweepDone(at);
        }
        return dispatched;
    }

    /// <summary>Scans the whole table now, whatever the schedule (the development clock, and tests, want every entry out).</summary>
    public async Task<int> SweepAllAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var dispatched = 0;
        await foreach (var id in store.FindUndispatchedAsync(time.GetUtcNow() - grace, cancellationToken))
        {
            if (queue.IsQueued(id)) continue;
            if (await TryDispatchAsync(id, cancellationToken) is { } count) dispatched += count;
            else await TryMarkAsync(id, cancellationToken); // retried by the next run, not in an hour
        }
        Report(dispatched);
        return dispatched;
    }

    private async Task<int> SweepMarkedAsync(CancellationToken cancellationToken)
    {
        var dispatched = 0;
        await foreach (var (id, mark) in store.FindMarkedUndispatchedAsync(cancellationToken))
        {
            if (queue.IsQueued(id)) continue;
            if (await TryDispatchAsync(id, cancellationToken) is not { } count) continue;
            dispatched += count;
            await store.UnmarkUndispatchedAsync(id, mark, cancellationToken);
        }
        Report(dispatched);
        return dispatched;
    }

    private DateTimeOffset? FullSweepDue()
    {
        var now = time.GetUtcNow();
        lock (_gate) return _lastFullSweep is { } last && now - last < options.OutboxFullSweepInterval ? null : now;
    }

    /// <summary>
    /// A full sweep counts once it has gone through (one that threw is tried again at the next run) and only when its
    /// grace period reaches back to this process's start: until then, what a crash just before the start left is still
    /// too young for it, and would otherwise wait a whole interval.
    /// </summary>
    private void FullSweepDone(DateTimeOffset at)
    {
        if (at - options.OutboxSweepGrace < _started) return;
        lock (_gate) _lastFullSweep = at;
    }

    /// <summary>One application whose dispatch fails stays for a later sweep and does not hold up the others.</summary>
    private async Task<int?> TryDispatchAsync(string id, CancellationToken cancellationToken)
    {
        try { return await dispatcher.DispatchPendingAsync(id, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Outbox of {Application} failed to dispatch; the next sweep tries again", id);
            return null;
        }
    }

    private async Task TryMarkAsync(string id, CancellationToken cancellationToken)
    {
        try { await store.MarkUndispatchedAsync(id, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Outbox of {Application} could not be marked for the next sweep; the next full sweep finds it", id);
        }
    }

    private void Report(int dispatched)
    {
        if (dispatched > 0) logger.LogWarning("Outbox sweep dispatched {Count} entries a failure or crash had left behind", dispatched);
    }
}
