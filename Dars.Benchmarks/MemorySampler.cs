using System.Diagnostics;

namespace Dars.Benchmarks;

/// <summary>Samples the managed heap and the process's private memory every 20 ms; reports the peaks over the start.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly long _heap0 = GC.GetTotalMemory(forceFullCollection: true), _private0 = Private();
    private readonly Timer _timer;
    private long _heapPeak, _privatePeak;

    public MemorySampler()
    {
        _heapPeak = _heap0;
        _privatePeak = _private0;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    private void Sample()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var priv = Private();
        lock (_timer)
        {
            _heapPeak = Math.Max(_heapPeak, heap);
            _privatePeak = Math.Max(_privatePeak, priv);
        }
    }

    private static long Private()
    {
        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }

    public (long HeapGrowth, long PrivateGrowth) Stop()
    {
        _timer.Dispose();
        Sample();
        lock (_timer) return (_heapPeak - _heap0, _privatePeak - _private0);
    }

    public void Dispose() => _timer.Dispose();
}
