using System.Security.Claims;
using Dars.Lifecycle;

namespace Dars.Api.Security;

/// <summary>
/// Reads the caller from a validated token: the subject, its DARS roles (<c>roles</c> from Entra ID app
/// roles, <c>role</c> from <c>dotnet user-jwts</c>) and its organisation (<c>org</c>, an ODS code).
/// </summary>
public static class CallerClaims
{
    private static readonly string[] RoleClaimTypes = ["roles", "role", ClaimTypes.Role];

    public static Caller ToCaller(this ClaimsPrincipal user)
    {
        var id = user.FindFirst("oid")?.Value ?? user.FindFirst("sub")?.Value ?? user.Identity?.Name ?? "unknown";
        var roles = user.Claims
            .Where(c => RoleClaimTypes.Contains(c.Type))
            .Select(c => Enum.TryParse<Role>(c.Value, ignoreCase: false, out var role) ? role : (Role?)null)
            .Where(r => r is not null and not Role.System)
            .Select(r => r!.Value)
            .ToHashSet();
        return new Caller(id, roles, user.FindFirst("org")?.Value);
    }
}
