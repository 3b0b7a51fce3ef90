namespace Dars.Tests.Infrastructure;

/// <summary>Waits for work the app does in the background (dispatch, activities) with a deadline, never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what ?? "a condition"}; last value: {value}");
            await Task.Delay(50);
        }
    }
}
