namespace Dars.Runtime;

/// <summary>
/// How a command is guarded: an idempotency key (with a fingerprint of the request it stood for) and
/// an expected version (<c>If-Match</c>).
/// </summary>
public sealed record RaiseOptions(string? IdempotencyKey = null, string? Fingerprint = null, long? ExpectedVersion = null)
{
    public static readonly RaiseOptions None = new();
}
