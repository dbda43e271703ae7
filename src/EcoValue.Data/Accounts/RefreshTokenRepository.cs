using System.Data.Common;
using Dapper;

namespace EcoValue.Data.Accounts;

/// <summary>
/// A refresh token as stored: the SHA-256 of the token (never the token), its family (one sign-in and all its
/// rotations), the user's security stamp when it was issued, and its life: used once, revoked, or expired.
/// </summary>
public sealed record RefreshTokenRow(
    string Id,
    string UserId,
    string FamilyId,
    byte[] TokenHash,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null,
    DateTimeOffset? RevokedAt = null,
    string? ReplacedBy = null);

/// <summary>The refresh_tokens table. Rotation is one transaction whose guard makes a token usable exactly once.</summary>
public sealed class RefreshTokenRepository(Database database)
{
    public async Task InsertAsync(RefreshTokenRow token, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await InsertAsync(connection, null, token, ct).ConfigureAwait(false);
    }

    public async Task<RefreshTokenRow?> GetByHashAsync(byte[] tokenHash, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToToken();
    }

    public async Task<IReadOnlyList<RefreshTokenRow>> ListFamilyAsync(string familyId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " WHERE family_id = @familyId ORDER BY created_at, id", new { familyId }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToToken())];
    }

    /// <summary>
    /// Marks <paramref name="usedId"/> used and stores its successor, atomically. False (and nothing written) when the
    /// token was already used or revoked: of two concurrent refreshes with one token, exactly one wins.
    /// </summary>
    public async Task<bool> RotateAsync(string usedId, RefreshTokenRow successor, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(successor);
        try
        {
            return await database.WriteAsync(async (connection, tx) =>
            {
                await InsertAsync(connection, tx, successor, ct).ConfigureAwait(false);
                var marked = await connection.ExecuteAsync(new CommandDefinition("""
                    UPDATE refresh_tokens SET used_at = @at, replaced_by = @successor
                    WHERE id = @usedId AND used_at IS NULL AND revoked_at IS NULL
                    """, new { usedId, successor = successor.Id, at = DbTime.ToText(at) }, tx, cancellationToken: ct)).ConfigureAwait(false);
                // Lost the race (or the token is spent): throwing rolls the successor's insert back.
                return marked == 1 ? true : throw new RotationLostException();
            }, ct).ConfigureAwait(false);
        }
        catch (RotationLostException)
        {
            return false;
        }
    }

    private sealed class RotationLostException : Exception;

    /// <summary>Revokes every live token of a family; returns how many.</summary>
    public async Task<int> RevokeFamilyAsync(string familyId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId, at = DbTime.ToText(at) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Revokes every live token of a user (disable, password reset); returns how many.</summary>
    public async Task<int> RevokeAllForUserAsync(string userId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @at WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, at = DbTime.ToText(at) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static Task InsertAsync(DbConnection connection, DbTransaction? tx, RefreshTokenRow t, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, security_stamp, created_at, expires_at, used_at, revoked_at, replaced_by)
            VALUES (@Id, @UserId, @FamilyId, @TokenHash, @SecurityStamp, @CreatedAt, @ExpiresAt, @UsedAt, @RevokedAt, @ReplacedBy)
            """, new
        {
            t.Id,
            t.UserId,
            t.FamilyId,
            t.TokenHash,
            t.SecurityStamp,
            CreatedAt = DbTime.ToText(t.CreatedAt),
            ExpiresAt = DbTime.ToText(t.ExpiresAt),
            UsedAt = DbTime.ToText(t.UsedAt),
            RevokedAt = DbTime.ToText(t.RevokedAt),
            t.ReplacedBy,
        }, tx, cancellationToken: ct));

    private const string Select = """
        SELECT id AS Id, user_id AS UserId, family_id AS FamilyId, token_hash AS TokenHash, security_stamp AS SecurityStamp,
               created_at AS CreatedAt, expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt, replaced_by AS ReplacedBy
        FROM refresh_tokens
        """;

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string UserId { get; set; } = "";
        public string FamilyId { get; set; } = "";
        public byte[] TokenHash { get; set; } = [];
        public string SecurityStamp { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string ExpiresAt { get; set; } = "";
        public string? UsedAt { get; set; }
        public string? RevokedAt { get; set; }
        public string? ReplacedBy { get; set; }

        public RefreshTokenRow ToToken() => new(
            Id, UserId, FamilyId, TokenHash, SecurityStamp, DbTime.Parse(CreatedAt), DbTime.Parse(ExpiresAt),
            DbTime.ParseOrNull(UsedAt), DbTime.ParseOrNull(RevokedAt), ReplacedBy);
    }
}
