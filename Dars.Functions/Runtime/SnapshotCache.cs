using Dars.Runtime.Instances;
using Microsoft.Extensions.Caching.Memory;

namespace Dars.Runtime;

/// <summary>
/// The last snapshot this process committed or read, per application. A command decided against it
/// commits with its ETag, so a stale entry costs a lost race, never a wrong write.
/// </summary>
public sealed class SnapshotCache(RuntimeOptions options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.SnapshotCacheSize });

    public StoredApplication? Get(string id) => _cache.TryGetValue(id, out StoredApplication? stored) ? stored : null;

    public void Set(StoredApplication stored) =>
        _cache.Set(stored.State.Id, stored, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    public void Remove(string id) => _cache.Remove(id);

    public void Dispose() => _cache.Dispose();
}
