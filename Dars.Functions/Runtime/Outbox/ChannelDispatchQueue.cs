using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dars.Lifecycle;
using Dars.Runtime.Instances;

namespace Dars.Runtime.Outbox;

/// <summary>
/// An in-memory hand-off from the command path to the dispatch runner. Losing it is safe: the sweep catches up.
/// It also knows which applications have commits handed over and not yet dispatched, so that the sweep can leave
/// those to the runner: under load the runner can fall further behind than the sweep's grace period, and a sweep
/// that dispatched them too would double the work that put it behind.
/// </summary>
public sealed class ChannelDispatchQueue : IDispatchQueue
{
    private readonly Channel<(Application State, IReadOnlyList<OutboxEntry> Entries)> _channel =
        Channel.CreateUnbounded<(Application, IReadOnlyList<OutboxEntry>)>(new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentDictionary<string, int> _queued = new();
    private int _readers;

    public void Enqueue(Application state, IReadOnlyList<OutboxEntry> entries)
    {
        _queued.AddOrUpdate(state.Id, 1, (_, count) => count + 1);
        if (!_channel.Writer.TryWrite((state, entries))) Dispatched(state.Id);
    }

    /// <summary>The commits as they are handed over; whoever reads one calls <see cref="Dispatched"/> when done with it.</summary>
    public async IAsyncEnumerable<(Application State, IReadOnlyList<OutboxEntry> Entries)> ReadAllAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _readers);
        try
        {
            await foreach (var item in _channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
        }
        finally { Interlocked.Decrement(ref _readers); }
    }

    /// <summary>Takes the commits handed over and not yet read (the process is stopping), marking each as dispatched.</summary>
    public IReadOnlyList<string> TakeWaiting()
    {
        var waiting = new List<string>();
        while (_channel.Reader.TryRead(out var item))
        {
            waiting.Add(item.State.Id);
            Dispatched(item.State.Id);
        }
        return waiting;
    }

    /// <summary>One commit of the application has been dispatched, or its dispatch has failed and is left to the sweep.</summary>
    public void Dispatched(string applicationId)
    {
        // Removed only while no commit was handed over in between (the count is still what this call left).
        if (_queued.AddOrUpdate(applicationId, 0, (_, count) => count - 1) is var left and <= 0)
            _queued.TryRemove(new KeyValuePair<string, int>(applicationId, left));
    }

    /// <summary>
    /// Whether a commit of the application is waiting here for a runner that is reading. Without a reader nothing
    /// handed over will be dispatched, so the answer is no and the sweep does it.
    /// </summary>
    public bool IsQueued(string applicationId) => Volatile.Read(ref _readers) > 0 && _queued.ContainsKey(applicationId);
}
