namespace Dars.Runtime.Clock;

/// <summary>
/// Development's clock: real time plus an offset that <c>POST /api/dev/clock</c> moves forward, so a
/// person can watch months of timers happen. Never registered outside Development.
/// </summary>
public sealed class DevClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>Moves the clock forward to <paramref name="instant"/>; never backwards.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var ahead = (instant - GetUtcNow()).Ticks;
        if (ahead > 0) Interlocked.Add(ref _offsetTicks, ahead);
    }
}
