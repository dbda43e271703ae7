using System.Data.Common;
using System.Threading.Channels;

namespace EcoValue.Data;

/// <summary>
/// The one writer of a database in this process: write transactions queue here and run one after another on a
/// single loop, several at a time in one transaction (group commit). Both backends use it: SQLite
/// (<see cref="SqliteDatabase"/>, one IMMEDIATE transaction per group) and PostgreSQL (<see cref="PostgresDatabase"/>,
/// one transaction per group holding the writers' advisory lock, so a group of writes shares one commit and one WAL
/// flush instead of each waiting for its own while holding the lock).
/// <list type="bullet">
/// <item>SQLite has one writer at a time. Left to itself, a writer that finds the lock taken sleeps in its busy
/// handler (1, 2, 5 … 100 ms steps), so 32 concurrent requests spend most of their time asleep.</item>
/// <item>An async lock instead hands the lock on through the thread pool, and under load the next holder waits in
/// the pool's queue while holding it.</item>
/// <item>Here the loop keeps running while work is queued. Each queued write gets its own savepoint: one that fails is
/// rolled back alone, and the rest of its group commits.</item>
/// <item>One commit for several writes writes each shared page (the records table's last leaf, its indexes) once.</item>
/// </list>
/// docs/architecture.md, "Write path", has the measurements.
/// </summary>
/// <typeparam name="TConnection">The engine's connection type (the bodies get it typed, for its native API).</typeparam>
/// <typeparam name="TTransaction">The engine's transaction type.</typeparam>
internal sealed class WriteQueue<TConnection, TTransaction>
    where TConnection : DbConnection
    where TTransaction : DbTransaction
{
    /// <summary>Most writes per transaction: a group commits within a few milliseconds of its first write.</summary>
    private const int MaxGroup = 64;

    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<TConnection>> _open;
    private readonly Func<TConnection, Task<TTransaction>> _begin;
    private long _queued;

    /// <param name="open">Opens a connection for one group.</param>
    /// <param name="begin">Begins a group's transaction, holding the engine's write lock.</param>
    public WriteQueue(Func<CancellationToken, Task<TConnection>> open, Func<TConnection, Task<TTransaction>> begin)
    {
        _open = open;
        _begin = begin;
        _ = Task.Run(LoopAsync);
    }

    /// <summary>How many writes have been queued on this file so far (a writer can tell whether others are waiting).</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Ends the loop once the queued writes are done; later writes are refused (the database is being disposed).</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Queues <paramref name="body"/>; it runs inside a write transaction (or, not <paramref name="transactional"/>, on its own between transactions).</summary>
    public async Task<T> RunAsync<T>(Func<TConnection, TTransaction?, Task<T>> body, bool transactional, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var item = new WriteItem(async (c, tx) => await body(c, tx).ConfigureAwait(false), transactional, ct);
        Interlocked.Increment(ref _queued);
        await _queue.Writer.WriteAsync(item, ct).ConfigureAwait(false);
        return (T)(await item.Completion.Task.ConfigureAwait(false))!;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        WriteItem? held = null;
        var group = new List<WriteItem>(MaxGroup);
        while (held is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            if (held is not null)
            {
                group.Add(held);
                held = null;
            }

            while (group.Count < MaxGroup && (group.Count == 0 || group[0].Transactional) && reader.TryRead(out var next))
            {
                if (!next.Transactional && group.Count > 0)
                {
                    held = next; // runs alone, after this group
                    break;
                }

                group.Add(next);
            }

            if (group.Count == 0)
            {
                continue;
            }

            try
            {
                await (group[0].Transactional ? RunGroupAsync(group) : RunAloneAsync(group[0])).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Opening the connection or beginning the transaction failed (busy beyond the timeout, disk gone):
                // none of the group ran, so all of it fails. The loop itself must survive for the next writes.
                foreach (var item in group)
                {
                    item.Completion.TrySetException(e);
                }
            }
        }
    }

    private async Task RunAloneAsync(WriteItem item)
    {
        if (item.TryCancel())
        {
            return;
        }

        await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
        try
        {
            item.Completion.TrySetResult(await item.Body(connection, null).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            item.Completion.TrySetException(e);
        }
    }

    private async Task RunGroupAsync(List<WriteItem> group)
    {
        await using var connection = await _open(CancellationToken.None).ConfigureAwait(false);
        await using var tx = await _begin(connection).ConfigureAwait(false);
        var single = group.Count == 1;
        var succeeded = new List<(WriteItem Item, object? Result)>(group.Count);
        foreach (var item in group)
        {
            if (item.TryCancel())
            {
                continue;
            }

            if (!single)
            {
                await tx.SaveAsync("item").ConfigureAwait(false);
            }

            try
            {
                var result = await item.Body(connection, tx).ConfigureAwait(false);
                if (!single)
                {
                    await tx.ReleaseAsync("item").ConfigureAwait(false);
                }

                succeeded.Add((item, result));
            }
            catch (Exception e)
            {
                // On PostgreSQL a failed statement leaves the transaction refusing every command until this rollback.
                if (single)
                {
                    await tx.RollbackAsync().ConfigureAwait(false);
                }
                else
                {
                    await tx.RollbackAsync("item").ConfigureAwait(false);
                    await tx.ReleaseAsync("item").ConfigureAwait(false);
                }

                item.Completion.TrySetException(e);
            }
        }

        if (succeeded.Count == 0)
        {
            return;
        }

        try
        {
            await tx.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            foreach (var (item, _) in succeeded)
            {
                item.Completion.TrySetException(e);
            }

            return;
        }

        foreach (var (item, result) in succeeded)
        {
            item.Completion.TrySetResult(result);
        }
    }

    private sealed class WriteItem(Func<TConnection, TTransaction?, Task<object?>> body, bool transactional, CancellationToken ct)
    {
        public Func<TConnection, TTransaction?, Task<object?>> Body { get; } = body;

        public bool Transactional { get; } = transactional;

        // Continuations run on the thread pool, never on the writer loop (which must go on to the next write).
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True, and the caller's task cancelled, when the caller gave up before the write began.</summary>
        public bool TryCancel() => ct.IsCancellationRequested && Completion.TrySetCanceled(ct);
    }
}
