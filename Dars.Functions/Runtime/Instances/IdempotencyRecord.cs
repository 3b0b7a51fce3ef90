namespace Dars.Runtime.Instances;

/// <summary>
/// The first result of a command given with an <c>Idempotency-Key</c>: the version it produced and a
/// fingerprint of the request, so a reuse of the key for a different request is caught.
/// </summary>
public sealed record IdempotencyRecord(string Key, string Fingerprint, long Version);
