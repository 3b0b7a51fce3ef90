using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dars.Tests.Infrastructure;

/// <summary>Mints bearer tokens shaped like <c>dotnet user-jwts</c> ones (sub, role, org), signed with the tests' key.</summary>
public static class TestTokens
{
    public const string Issuer = "dars-tests";
    public const string Audience = "dars-tests";
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray();
    public static string KeyBase64 => Convert.ToBase64String(Key);

    public static string For(string subject, string? org = null, params string[] roles)
    {
        var claims = new List<Claim> { new("sub", subject) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        if (org is not null) claims.Add(new Claim("org", org));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Key), SecurityAlgorithms.HmacSha256),
        });
    }
}
