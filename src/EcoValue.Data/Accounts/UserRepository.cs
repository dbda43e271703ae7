using System.Data.Common;
using Dapper;

namespace EcoValue.Data.Accounts;

/// <summary>The users table. SQL only: rules (password policy, lockout, stamps) live in <see cref="UserAccounts"/>.</summary>
public sealed class UserRepository(Database database)
{
    /// <summary>Inserts a user; false when the username (its normalised key) is taken.</summary>
    public async Task<bool> TryInsertAsync(UserAccount user, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await TryInsertAsync(user, connection, null, ct).ConfigureAwait(false);
    }

    /// <summary>Inserts a user inside the caller's transaction (sign-up writes its producer in the same one).</summary>
    public async Task<bool> TryInsertAsync(UserAccount user, DbConnection connection, DbTransaction? transaction, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO users (id, username, username_key, password_hash, role, producer_id, disabled, failed_logins,
                                   locked_until, created_at, password_changed_at, security_stamp)
                VALUES (@Id, @Username, @UsernameKey, @PasswordHash, @Role, @ProducerId, @Disabled, @FailedLogins,
                        @LockedUntil, @CreatedAt, @PasswordChangedAt, @SecurityStamp)
                """, new
            {
                user.Id,
                user.Username,
                user.UsernameKey,
                user.PasswordHash,
                user.Role,
                user.ProducerId,
                Disabled = user.Disabled ? 1 : 0,
                user.FailedLogins,
                LockedUntil = DbTime.ToText(user.LockedUntil),
                CreatedAt = DbTime.ToText(user.CreatedAt),
                PasswordChangedAt = DbTime.ToText(user.PasswordChangedAt),
                user.SecurityStamp,
            }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (database.IsUniqueViolation(e, out var detail) && detail.Contains("users.username_key", StringComparison.Ordinal))
        {
            // The unique username key; any other constraint is a bug and propagates.
            return false;
        }
    }

    public async Task<UserAccount?> GetByIdAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToAccount();
    }

    /// <param name="usernameKey">The normalised key (<see cref="AccountRules.UsernameKey"/>), not the display form.</param>
    public async Task<UserAccount?> GetByUsernameKeyAsync(string usernameKey, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE username_key = @usernameKey", new { usernameKey }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToAccount();
    }

    /// <summary>A page ordered by username key then id (stable across pages); <paramref name="searchKey"/> is already normalised.</summary>
    public async Task<UserPage> ListAsync(UserQuery query, string? searchKey, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new List<string>();
        var args = new DynamicParameters();
        if (query.Role is not null)
        {
            where.Add("role = @role");
            args.Add("role", query.Role);
        }

        if (query.Disabled is { } disabled)
        {
            where.Add("disabled = @disabled");
            args.Add("disabled", disabled ? 1 : 0);
        }

        if (!string.IsNullOrEmpty(searchKey))
        {
            where.Add(@"username_key LIKE @like ESCAPE '\'");
            args.Add("like", "%" + searchKey.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%");
        }

        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        args.Add("limit", query.PageSize);
        args.Add("offset", (long)(query.Page - 1) * query.PageSize);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM users" + filter, args, cancellationToken: ct)).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            Select + filter + " ORDER BY username_key, id LIMIT @limit OFFSET @offset", args, cancellationToken: ct)).ConfigureAwait(false);
        return new UserPage([.. rows.Select(r => r.ToAccount())], query.Page, query.PageSize, total);
    }

    /// <summary>
    /// Counts one failed sign-in, atomically (parallel guesses cannot slip past the threshold). Reaching
    /// <paramref name="threshold"/> locks the account until <paramref name="lockUntil"/> and starts the count again.
    /// Returns true when this failure locked the account.
    /// </summary>
    public async Task<bool> RecordFailedLoginAsync(string id, int threshold, DateTimeOffset lockUntil, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var locked = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            UPDATE users SET
                failed_logins = CASE WHEN failed_logins + 1 >= @threshold THEN 0 ELSE failed_logins + 1 END,
                locked_until  = CASE WHEN failed_logins + 1 >= @threshold THEN @lockUntil ELSE locked_until END
            WHERE id = @id
            RETURNING failed_logins = 0
            """, new { id, threshold, lockUntil = DbTime.ToText(lockUntil) }, cancellationToken: ct)).ConfigureAwait(false);
        return locked == 1;
    }

    /// <summary>A successful sign-in clears the failure count and any lock that has run out.</summary>
    public async Task ClearFailedLoginsAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
            new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Replaces a hash with a stronger one of the same password (rehash on sign-in); no-op if the hash changed meanwhile.</summary>
    public async Task<bool> UpgradePasswordHashAsync(string id, string expectedHash, string newHash, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @newHash WHERE id = @id AND password_hash = @expectedHash",
            new { id, expectedHash, newHash }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Sets a new password (admin reset): new stamp, failure count and lock cleared. False when no such user.</summary>
    public async Task<bool> SetPasswordAsync(string id, string passwordHash, DateTimeOffset changedAt, string newStamp, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET password_hash = @passwordHash, password_changed_at = @changedAt, security_stamp = @newStamp,
                             failed_logins = 0, locked_until = NULL
            WHERE id = @id
            """, new { id, passwordHash, changedAt = DbTime.ToText(changedAt), newStamp }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    /// <summary>Disables or enables; a non-null <paramref name="newStamp"/> replaces the stamp. False when no such user.</summary>
    public async Task<bool> SetDisabledAsync(string id, bool disabled, string? newStamp, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET disabled = @disabled, security_stamp = coalesce(@newStamp, security_stamp) WHERE id = @id",
            new { id, disabled = disabled ? 1 : 0, newStamp }, cancellationToken: ct)).ConfigureAwait(false) == 1;
    }

    private const string Select = """
        SELECT id AS Id, username AS Username, username_key AS UsernameKey, password_hash AS PasswordHash, role AS Role,
               producer_id AS ProducerId, disabled AS Disabled, failed_logins AS FailedLogins, locked_until AS LockedUntil,
               created_at AS CreatedAt, password_changed_at AS PasswordChangedAt, security_stamp AS SecurityStamp
        FROM users
        """;

    // Dapper maps SQLite's INTEGER and TEXT columns here; the public record gets real types.
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Username { get; set; } = "";
        public string UsernameKey { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public string Role { get; set; } = "";
        public string? ProducerId { get; set; }
        public long Disabled { get; set; }
        public long FailedLogins { get; set; }
        public string? LockedUntil { get; set; }
        public string CreatedAt { get; set; } = "";
        public string PasswordChangedAt { get; set; } = "";
        public string SecurityStamp { get; set; } = "";

        public UserAccount ToAccount() => new(
            Id, Username, UsernameKey, PasswordHash, Role, ProducerId, Disabled != 0, (int)FailedLogins,
            DbTime.ParseOrNull(LockedUntil), DbTime.Parse(CreatedAt), DbTime.Parse(PasswordChangedAt), SecurityStamp);
    }
}
