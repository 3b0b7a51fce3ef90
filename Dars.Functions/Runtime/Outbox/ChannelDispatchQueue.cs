using System.Threading.Channels;
using Dars.Lifecycle;
using Dars.Runtime.Instances;

namespace Dars.Runtime.Outbox;

/// <summary>An in-memory hand-off from the command path to the dispatch runner. Losing it is safe: the sweep catches up.</summary>
public sealed class ChannelDispatchQueue : IDispatchQueue
{
    private readonly Channel<(Application State, IReadOnlyList<OutboxEntry> Entries)> _channel =
        Channel.CreateUnbounded<(Application, IReadOnlyList<OutboxEntry>)>(new UnboundedChannelOptions { SingleReader = false });

    public void Enqueue(Application state, IReadOnlyList<OutboxEntry> entries) => _channel.Writer.TryWrite((state, entries));

    public ChannelReader<(Application State, IReadOnlyList<OutboxEntry> Entries)> Reader => _channel.Reader;
}
