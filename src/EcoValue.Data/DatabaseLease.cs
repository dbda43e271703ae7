namespace EcoValue.Data;

/// <summary>
/// Exclusive leadership for one role (the anchoring worker, the licence relayer) among every process that shares a
/// database: at most one holds a role's lease at a time, and a process that dies loses it at once, so another takes
/// over (issue 9). Obtained from <see cref="Database.TryAcquireLeaseAsync"/>; disposing it hands the role back.
/// </summary>
public abstract class DatabaseLease : IAsyncDisposable
{
    /// <summary>
    /// Whether the lease is still held. A lease is lost only with what carries it (PostgreSQL: the session, e.g. when
    /// the connection breaks); the holder checks before each step that acts outside the database (a chain send) and
    /// stops acting for the role when this is false.
    /// </summary>
    public abstract Task<bool> IsHeldAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}
