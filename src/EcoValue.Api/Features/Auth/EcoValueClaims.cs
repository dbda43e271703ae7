using System.Security.Claims;
using EcoValue.Data.Accounts;

namespace EcoValue.Api.Features.Auth;

/// <summary>
/// The claims contract shared by access tokens and portal cookies: <c>sub</c> user id, <c>name</c> username,
/// <c>role</c>, <c>producer</c> (farmers only), and <c>stamp</c>, the security stamp the credential was issued under.
/// Inbound claim mapping is off, so these names arrive as written.
/// </summary>
public static class EcoValueClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Producer = "producer";
    public const string Stamp = "stamp";

    /// <summary>The claims for <paramref name="user"/> (JWT adds jti, iat, nbf, exp, iss, aud on top).</summary>
    public static IReadOnlyList<Claim> For(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        List<Claim> claims = [new(Subject, user.Id), new(Name, user.Username), new(Role, user.Role), new(Stamp, user.SecurityStamp)];
        if (user.Role == Roles.Farmer && user.ProducerId is { } producer)
        {
            claims.Add(new(Producer, producer));
        }

        return claims;
    }

    /// <summary>A principal for a cookie sign-in (the portal): same claims, name and role types set so IsInRole works.</summary>
    public static ClaimsPrincipal Principal(UserAccount user, string authenticationType) =>
        new(new ClaimsIdentity(For(user), authenticationType, Name, Role));
}

/// <summary>Reads the contract back from a signed-in principal.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The user id (<c>sub</c>); throws when the principal is not signed in (use behind RequireAuthorization).</summary>
    public static string UserId(this ClaimsPrincipal principal) =>
        Find(principal, EcoValueClaims.Subject) ?? throw new InvalidOperationException("the request is not authenticated (no sub claim)");

    public static string? Role(this ClaimsPrincipal principal) => Find(principal, EcoValueClaims.Role);

    /// <summary>The producer a farmer belongs to; null for every other role.</summary>
    public static string? ProducerId(this ClaimsPrincipal principal) => Find(principal, EcoValueClaims.Producer);

    public static string? Username(this ClaimsPrincipal principal) => Find(principal, EcoValueClaims.Name);

    private static string? Find(ClaimsPrincipal principal, string type)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirst(type)?.Value;
    }
}
