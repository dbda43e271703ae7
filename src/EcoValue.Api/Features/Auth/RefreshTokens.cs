using System.Buffers.Text;
using System.Security.Cryptography;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Records;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Auth;

public enum RefreshOutcome
{
    Success,

    /// <summary>Unknown, malformed, expired, revoked, or its user is disabled or changed: nothing to say but "no".</summary>
    Invalid,

    /// <summary>A token already used was presented again: stolen or replayed. Its whole family is now revoked.</summary>
    Reused,
}

public sealed record RefreshResult(RefreshOutcome Outcome, UserAccount? User = null, string? RefreshToken = null);

/// <summary>
/// Rotating refresh tokens (OAuth 2.0 Security BCP, RFC 9700 §4.14.2): 32 random bytes, base64url, stored only as
/// SHA-256; each use returns a successor and marks the token used; using a used token again revokes its family,
/// so whichever of thief and owner comes second is signed out, and the other's next refresh fails too.
/// A token is bound to its user and to the user's security stamp when it was issued.
/// </summary>
public sealed class RefreshTokenService(RefreshTokenRepository tokens, UserAccounts accounts, IOptions<AuthOptions> options, TimeProvider time)
{
    private const int TokenBytes = 32;

    /// <summary>Starts a new family (a sign-in) and returns its first token.</summary>
    public async Task<string> IssueAsync(UserAccount user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = time.GetUtcNow();
        var (token, row) = NewToken(user, RecordEnvelope.NewId(now), now);
        await tokens.InsertAsync(row, ct).ConfigureAwait(false);
        return token;
    }

    public async Task<RefreshResult> RefreshAsync(string? presented, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (Hash(presented) is not { } hash || await tokens.GetByHashAsync(hash, ct).ConfigureAwait(false) is not { } row)
        {
            return new(RefreshOutcome.Invalid);
        }

        if (row.UsedAt is not null)
        {
            await tokens.RevokeFamilyAsync(row.FamilyId, now, ct).ConfigureAwait(false);
            return new(RefreshOutcome.Reused);
        }

        if (row.RevokedAt is not null)
        {
            return new(RefreshOutcome.Invalid);
        }

        if (row.ExpiresAt <= now)
        {
            return new(RefreshOutcome.Invalid);
        }

        var user = await accounts.FindAsync(row.UserId, ct).ConfigureAwait(false);
        if (user is null || user.Disabled || !string.Equals(user.SecurityStamp, row.SecurityStamp, StringComparison.Ordinal))
        {
            await tokens.RevokeFamilyAsync(row.FamilyId, now, ct).ConfigureAwait(false);
            return new(RefreshOutcome.Invalid);
        }

        var (token, successor) = NewToken(user, row.FamilyId, now);
        if (!await tokens.RotateAsync(row.Id, successor, now, ct).ConfigureAwait(false))
        {
            // Lost a race with another use of the same token: that is reuse too.
            await tokens.RevokeFamilyAsync(row.FamilyId, now, ct).ConfigureAwait(false);
            return new(RefreshOutcome.Reused);
        }

        return new(RefreshOutcome.Success, user, token);
    }

    /// <summary>Sign-out: revokes the family of the token presented. False when the token is unknown or malformed.</summary>
    public async Task<bool> RevokeAsync(string? presented, CancellationToken ct)
    {
        if (Hash(presented) is not { } hash || await tokens.GetByHashAsync(hash, ct).ConfigureAwait(false) is not { } row)
        {
            return false;
        }

        await tokens.RevokeFamilyAsync(row.FamilyId, time.GetUtcNow(), ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>SHA-256 of a well-formed token (exactly 32 bytes in unpadded base64url), else null.</summary>
    internal static byte[]? Hash(string? presented)
    {
        if (presented is null || presented.Length != Base64Url.GetEncodedLength(TokenBytes))
        {
            return null;
        }

        Span<byte> raw = stackalloc byte[TokenBytes];
        if (Base64Url.DecodeFromChars(presented, raw, out _, out var written) != System.Buffers.OperationStatus.Done || written != TokenBytes
            || Base64Url.EncodeToString(raw) != presented)
        {
            return null;
        }

        return SHA256.HashData(raw);
    }

    private (string Token, RefreshTokenRow Row) NewToken(UserAccount user, string familyId, DateTimeOffset now)
    {
        var raw = RandomNumberGenerator.GetBytes(TokenBytes);
        var row = new RefreshTokenRow(RecordEnvelope.NewId(now), user.Id, familyId, SHA256.HashData(raw), user.SecurityStamp, now, now + options.Value.RefreshTokenLifetime);
        return (Base64Url.EncodeToString(raw), row);
    }
}
