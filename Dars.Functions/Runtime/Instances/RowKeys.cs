using System.Security.Cryptography;
using System.Text;

namespace Dars.Runtime.Instances;

/// <summary>
/// Row keys inside an application's partition. Zero-padded versions keep history and outbox in order;
/// caller-chosen keys are hashed because a row key may not hold every character a header can.
/// </summary>
public static class RowKeys
{
    public const string Snapshot = "snapshot";
    public const string EventPrefix = "event-";
    public const string OutboxPrefix = "outbox-";
    public const string IdempotencyPrefix = "idempotency-";
    public const string ClaimPrefix = "claim-";

    /// <summary>Not an application's partition: one row per application whose dispatch failed, keyed by its id.</summary>
    public const string UndispatchedPartition = "undispatched";

    public static string Event(long version) => $"{EventPrefix}{version:D12}";
    public static string Outbox(long version, int index) => $"{OutboxPrefix}{version:D12}-{index:D4}";
    public static string Idempotency(string key) => IdempotencyPrefix + Hash(key);
    public static string Claim(string effectId) => ClaimPrefix + Hash(effectId);

    /// <summary>The exclusive upper bound of a prefix range: the prefix with its last character bumped.</summary>
    public static string End(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
