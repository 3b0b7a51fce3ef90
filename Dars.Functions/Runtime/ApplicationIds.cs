using System.Security.Cryptography;

namespace Dars.Runtime;

/// <summary>DSA-style references: <c>NIC-</c> and six digits. Collisions are caught by the create itself.</summary>
public static class ApplicationIds
{
    public static string New() => $"NIC-{RandomNumberGenerator.GetInt32(0, 1_000_000):D6}";

    public static bool IsWellFormed(string id) =>
        id.Length == 10 && id.StartsWith("NIC-", StringComparison.Ordinal) && id[4..].All(char.IsAsciiDigit);
}
