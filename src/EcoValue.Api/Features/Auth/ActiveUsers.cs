using System.Collections.Concurrent;
using System.Security.Claims;
using EcoValue.Data.Accounts;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Auth;

/// <summary>
/// Answers, for every authenticated request, whether the credential's user still exists, is enabled, and still has
/// the security stamp, role and producer the credential names; a disabled user's unexpired token stops working.
/// Answers are cached per user for <see cref="AuthOptions.UserCheckCacheTime"/> (5 s by default) to spare the
/// database a read per request; changes made through <see cref="UserAccounts"/> in this process evict at once.
/// </summary>
public sealed class ActiveUsers
{
    private readonly ConcurrentDictionary<string, (UserAccount? User, DateTimeOffset FetchedAt)> _cache = new(StringComparer.Ordinal);
    private readonly UserAccounts _accounts;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;

    public ActiveUsers(UserAccounts accounts, IOptions<AuthOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(options);
        _accounts = accounts;
        _ttl = options.Value.UserCheckCacheTime;
        _time = time;
        accounts.Changed += Forget;
    }

    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirst(EcoValueClaims.Subject)?.Value;
        var stamp = principal.FindFirst(EcoValueClaims.Stamp)?.Value;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(stamp) || id.Length > 64)
        {
            return false;
        }

        var user = await GetAsync(id, ct).ConfigureAwait(false);
        return user is { Disabled: false }
            && string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal)
            && string.Equals(user.Role, principal.Role(), StringComparison.Ordinal)
            && string.Equals(user.Role == Roles.Farmer ? user.ProducerId : null, principal.ProducerId(), StringComparison.Ordinal);
    }

    public void Forget(string userId) => _cache.TryRemove(userId, out _);

    private async Task<UserAccount?> GetAsync(string id, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (_ttl > TimeSpan.Zero && _cache.TryGetValue(id, out var hit) && now - hit.FetchedAt < _ttl && now >= hit.FetchedAt)
        {
            return hit.User;
        }

        var user = await _accounts.FindAsync(id, ct).ConfigureAwait(false);
        if (_ttl > TimeSpan.Zero && user is not null)
        {
            _cache[id] = (user, now);
        }

        return user;
    }
}
