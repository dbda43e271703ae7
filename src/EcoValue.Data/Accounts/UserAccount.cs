namespace EcoValue.Data.Accounts;

/// <summary>
/// A user as stored. <see cref="PasswordHash"/> and <see cref="SecurityStamp"/> are secrets of the server: map to a
/// response DTO explicitly and never serialise this type (its <see cref="ToString"/> leaves them out for logs).
/// </summary>
public sealed record UserAccount(
    string Id,
    string Username,
    string UsernameKey,
    string PasswordHash,
    string Role,
    string? ProducerId,
    bool Disabled,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordChangedAt,
    string SecurityStamp)
{
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public override string ToString() => $"UserAccount {{ Id = {Id}, Username = {Username}, Role = {Role}, ProducerId = {ProducerId}, Disabled = {Disabled} }}";
}

/// <summary>Filters and page for listing users. <see cref="Search"/> matches anywhere in the normalised username.</summary>
public sealed record UserQuery(string? Role = null, bool? Disabled = null, string? Search = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;
}

/// <summary>One page of users and how many match in all.</summary>
public sealed record UserPage(IReadOnlyList<UserAccount> Items, int Page, int PageSize, long Total);
