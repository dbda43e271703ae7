using EcoValue.Data;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// One background role (anchoring, relaying) that must run in exactly one of the instances sharing a database
/// (issue 9, docs/deploy.md): the instance holding the role's <see cref="DatabaseLease"/> acts; the others stand by
/// and try again every <see cref="StandbyInterval"/>, so when the leader dies another takes the role within that time.
/// A worker calls <see cref="HoldAsync"/> before every step and starts over from the database's state when it gets
/// the role (again), since everything it knows lives there and on chain.
/// </summary>
public sealed partial class Leadership(Database database, string role, InstanceRoles roles, ILogger logger) : IAsyncDisposable
{
    /// <summary>How often a standby instance tries to take the role.</summary>
    public static readonly TimeSpan StandbyInterval = TimeSpan.FromSeconds(2);

    private DatabaseLease? _lease;
    private bool _loggedStandby;

    /// <summary>The role's name (the lease's).</summary>
    public string Role => role;

    /// <summary>Whether this instance holds the role now: keeps a held lease if it is still held, else tries to take it.</summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        if (_lease is not null)
        {
            if (await _lease.IsHeldAsync(ct).ConfigureAwait(false))
            {
                return true;
            }

            roles.Set(role, false);
            LogLost(logger, role);
            await ReleaseAsync().ConfigureAwait(false);
        }

        _lease = await database.TryAcquireLeaseAsync(role, ct).ConfigureAwait(false);
        if (_lease is null)
        {
            if (!_loggedStandby)
            {
                LogStandby(logger, role);
                _loggedStandby = true;
            }

            return false;
        }

        roles.Set(role, true);
        LogLeading(logger, role);
        _loggedStandby = false;
        return true;
    }

    /// <summary>Gives the role back (a clean shutdown hands over at once).</summary>
    public async Task ReleaseAsync()
    {
        if (_lease is { } lease)
        {
            _lease = null;
            roles.Set(role, false);
            await lease.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now leads {Role}")]
    private static partial void LogLeading(ILogger logger, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another instance leads {Role}; this one stands by")]
    private static partial void LogStandby(ILogger logger, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lead of {Role} (database session gone); standing by")]
    private static partial void LogLost(ILogger logger, string role);
}

/// <summary>The single-leader roles this instance holds now (shown by /healthz, so an operator sees which instance anchors).</summary>
public sealed class InstanceRoles
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);

    /// <summary>The roles held, in name order.</summary>
    public IReadOnlyList<string> Held => [.. _held.Where(r => r.Value).Select(r => r.Key).Order(StringComparer.Ordinal)];

    internal void Set(string role, bool held) => _held[role] = held;
}
