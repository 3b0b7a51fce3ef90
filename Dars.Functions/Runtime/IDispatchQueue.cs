using Dars.Lifecycle;
using Dars.Runtime.Instances;

namespace Dars.Runtime;

/// <summary>Hands a commit's outbox to the dispatcher without holding up the caller.</summary>
public interface IDispatchQueue
{
    void Enqueue(Application state, IReadOnlyList<OutboxEntry> entries);
}
