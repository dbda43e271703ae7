using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using EcoValue.Domain;
using EcoValue.Domain.Records;
using EcoValue.Domain.Validation;

namespace EcoValue.Data.Accounts;

/// <summary>What creating a user takes. Validation collects every problem at once (<see cref="DomainValidationException"/>).</summary>
public sealed record NewUser(string? Username, string? Password, string? Role, string? ProducerId = null);

public enum SignInOutcome
{
    Success,
    InvalidCredentials,
    LockedOut,
    Disabled,
}

/// <summary>
/// The result of a sign-in. Callers facing the public answer every non-success the same way (no user enumeration);
/// the outcome is for logs and for the CLI.
/// </summary>
public sealed record SignInResult(SignInOutcome Outcome, UserAccount? User)
{
    public bool Succeeded => Outcome == SignInOutcome.Success;
}

/// <summary>Consecutive failures that lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int Threshold, TimeSpan Duration)
{
    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));
}

/// <summary>Lets account creation check that a farmer's producer exists (the registry implements it; optional).</summary>
public interface IProducerDirectory
{
    Task<bool> ExistsAsync(string producerId, CancellationToken ct);
}

/// <summary>
/// The username is taken (by its normalised key): a conflict, not malformed input, so the API answers 409 with the
/// <see cref="Error"/> under <c>errors</c>. (Not a <see cref="DomainValidationException"/>, which maps to 400.)
/// </summary>
public sealed class UsernameTakenException : DomainException
{
    public UsernameTakenException()
        : base("the username is already taken")
    {
    }

    public UsernameTakenException(string message)
        : base(message)
    {
    }

    public UsernameTakenException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FieldError Error { get; } = new("username", "username.taken", "This username is already taken.", "该用户名已被使用。");
}

/// <summary>
/// Accounts: create, sign in (with lockout and rehash), disable, enable, reset password, find. The one place the
/// API, the CLI, sign-up and the portal go through, so the rules hold whichever door a change comes in by.
/// </summary>
public sealed class UserAccounts(
    UserRepository users,
    RefreshTokenRepository refreshTokens,
    PasswordHasher hasher,
    LockoutPolicy lockout,
    TimeProvider time,
    IProducerDirectory? producers = null)
{
    /// <summary>Raised with a user id after its disabled flag or security stamp changed (caches of "is this user current" listen).</summary>
    public event Action<string>? Changed;

    public PasswordHasher Hasher => hasher;

    public LockoutPolicy Lockout => lockout;

    /// <summary>
    /// Validates and hashes a new user without touching the database, so a caller can insert it inside its own
    /// transaction with <see cref="InsertPreparedAsync"/> (hashing takes ~0.2 s: never do it while holding a write lock).
    /// </summary>
    public UserAccount Prepare(NewUser input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.AddRange(AccountRules.CheckUsername(input.Username));
        errors.AddRange(AccountRules.CheckPassword(input.Password, input.Username));
        var producerId = string.IsNullOrEmpty(input.ProducerId) ? null : input.ProducerId;
        if (!Roles.IsValid(input.Role))
        {
            errors.Add("role", "role.invalid", $"The role must be one of {string.Join(", ", Roles.All)}.", $"角色必须是 {string.Join("、", Roles.All)} 之一。");
        }
        else if (input.Role == Roles.Farmer)
        {
            errors.AddRange(AccountRules.CheckProducerId(producerId));
        }
        else if (producerId is not null)
        {
            errors.Add("producerId", "producer.not_allowed", "Only farmer accounts belong to a producer.", "只有农户账号可以关联生产主体。");
        }

        errors.ThrowIfAny();
        var now = time.GetUtcNow();
        return new UserAccount(
            RecordEnvelope.NewId(now), input.Username!, AccountRules.UsernameKey(input.Username!), hasher.Hash(input.Password!),
            input.Role!, producerId, Disabled: false, FailedLogins: 0, LockedUntil: null, now, now, NewStamp());
    }

    /// <summary>Creates a user. Throws <see cref="DomainValidationException"/> (bad input, unknown producer) or <see cref="UsernameTakenException"/>.</summary>
    public async Task<UserAccount> CreateAsync(NewUser input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = Prepare(input);
        if (user.ProducerId is { } producerId && producers is not null && !await producers.ExistsAsync(producerId, ct).ConfigureAwait(false))
        {
            throw new DomainValidationException(new FieldError("producerId", "producer.unknown", "No producer has this id.", "没有此编号的生产主体。"));
        }

        return await users.TryInsertAsync(user, ct).ConfigureAwait(false) ? user : throw new UsernameTakenException();
    }

    /// <summary>Inserts a <see cref="Prepare"/>d user in the caller's transaction; throws <see cref="UsernameTakenException"/>.</summary>
    public async Task InsertPreparedAsync(UserAccount prepared, DbTransaction transaction, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (!await users.TryInsertAsync(prepared, transaction.Connection!, transaction, ct).ConfigureAwait(false))
        {
            throw new UsernameTakenException();
        }
    }

    /// <summary>
    /// Checks a username and password. Unknown users, disabled and locked accounts cost one PBKDF2 run like a real
    /// check; <see cref="LockoutPolicy.Threshold"/> consecutive wrong passwords lock the account for
    /// <see cref="LockoutPolicy.Duration"/>; success clears the count and upgrades a hash weaker than today's cost.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string? username, string? password, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var key = AccountRules.TryUsernameKey(username);
        var user = key is null || password is null ? null : await users.GetByUsernameKeyAsync(key, ct).ConfigureAwait(false);
        if (user is null || password is null)
        {
            hasher.DummyVerify(password);
            return new(SignInOutcome.InvalidCredentials, null);
        }

        if (user.Disabled || user.IsLockedAt(now))
        {
            hasher.DummyVerify(password);
            return new(user.Disabled ? SignInOutcome.Disabled : SignInOutcome.LockedOut, user);
        }

        var check = hasher.Verify(user.PasswordHash, password);
        if (check == PasswordCheck.Mismatch)
        {
            var locked = await users.RecordFailedLoginAsync(user.Id, lockout.Threshold, now + lockout.Duration, ct).ConfigureAwait(false);
            return new(locked ? SignInOutcome.LockedOut : SignInOutcome.InvalidCredentials, user);
        }

        if (user.FailedLogins != 0 || user.LockedUntil is not null)
        {
            await users.ClearFailedLoginsAsync(user.Id, ct).ConfigureAwait(false);
        }

        if (check == PasswordCheck.MatchNeedsRehash)
        {
            await users.UpgradePasswordHashAsync(user.Id, user.PasswordHash, hasher.Hash(password), ct).ConfigureAwait(false);
        }

        return new(SignInOutcome.Success, user with { FailedLogins = 0, LockedUntil = null });
    }

    public Task<UserAccount?> FindAsync(string id, CancellationToken ct = default) => users.GetByIdAsync(id, ct);

    /// <summary>Finds by any spelling that normalises to the same key ("ADMIN", "ａｄｍｉｎ" find "admin").</summary>
    public Task<UserAccount?> FindByUsernameAsync(string username, CancellationToken ct = default) =>
        AccountRules.TryUsernameKey(username) is { } key ? users.GetByUsernameKeyAsync(key, ct) : Task.FromResult<UserAccount?>(null);

    public Task<UserPage> ListAsync(UserQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, UserQuery.MaxPageSize);
        var search = string.IsNullOrEmpty(query.Search) ? null : AccountRules.TryUsernameKey(query.Search) ?? throw new ArgumentException("the search text is not well-formed Unicode", nameof(query));
        return users.ListAsync(query, search, ct);
    }

    /// <summary>Disables the account: new stamp (live access tokens and cookies stop), refresh tokens revoked. Null when no such user.</summary>
    public async Task<UserAccount?> DisableAsync(string id, CancellationToken ct = default)
    {
        if (!await users.SetDisabledAsync(id, disabled: true, NewStamp(), ct).ConfigureAwait(false))
        {
            return null;
        }

        await refreshTokens.RevokeAllForUserAsync(id, time.GetUtcNow(), ct).ConfigureAwait(false);
        Changed?.Invoke(id);
        return await users.GetByIdAsync(id, ct).ConfigureAwait(false);
    }

    /// <summary>Enables the account again. Tokens issued before it was disabled stay dead (their stamp is gone).</summary>
    public async Task<UserAccount?> EnableAsync(string id, CancellationToken ct = default)
    {
        if (!await users.SetDisabledAsync(id, disabled: false, newStamp: null, ct).ConfigureAwait(false))
        {
            return null;
        }

        Changed?.Invoke(id);
        return await users.GetByIdAsync(id, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets a new password (policy checked against the user's name): new stamp, refresh tokens revoked, lockout
    /// cleared. Null when no such user; <see cref="DomainValidationException"/> for a password the policy refuses.
    /// </summary>
    public async Task<UserAccount?> ResetPasswordAsync(string id, string? password, CancellationToken ct = default)
    {
        var user = await users.GetByIdAsync(id, ct).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        if (AccountRules.CheckPassword(password, user.Username) is { Count: > 0 } errors)
        {
            throw new DomainValidationException(errors);
        }

        var now = time.GetUtcNow();
        if (!await users.SetPasswordAsync(id, hasher.Hash(password!), now, NewStamp(), ct).ConfigureAwait(false))
        {
            return null;
        }

        await refreshTokens.RevokeAllForUserAsync(id, now, ct).ConfigureAwait(false);
        Changed?.Invoke(id);
        return await users.GetByIdAsync(id, ct).ConfigureAwait(false);
    }

    private static string NewStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
