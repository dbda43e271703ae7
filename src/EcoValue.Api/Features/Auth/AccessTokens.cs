using System.Buffers.Text;
using System.Security.Cryptography;
using EcoValue.Data.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcoValue.Api.Features.Auth;

/// <summary>A signed access token and when it stops working.</summary>
public sealed record AccessToken(string Token, DateTimeOffset ExpiresAt, int ExpiresInSeconds);

/// <summary>
/// Issues access tokens: JWS compact, HS256, <c>typ: at+jwt</c> (RFC 9068 §2.1, so no other JWT is mistaken for
/// one), iss/aud from settings, iat/nbf/exp from the host's clock, a random jti, and the claims of
/// <see cref="EcoValueClaims"/>.
/// </summary>
public sealed class AccessTokenIssuer(JwtSigningKey key, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string TokenType = "at+jwt";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AccessToken Issue(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var o = options.Value;
        var now = time.GetUtcNow();
        // JWT NumericDate has whole seconds (RFC 7519 §2); truncate so exp - iat is exactly the lifetime.
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expires = now + o.AccessTokenLifetime;
        var claims = EcoValueClaims.For(user).ToDictionary(c => c.Type, c => (object)c.Value);
        claims[JwtRegisteredClaimNames.Jti] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            TokenType = TokenType,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, expires, (int)o.AccessTokenLifetime.TotalSeconds);
    }
}
