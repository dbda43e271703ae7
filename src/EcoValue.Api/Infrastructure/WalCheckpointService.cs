using EcoValue.Data;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// Checkpoints SQLite's write-ahead log twice a second, off the request path. The service opens its database with
/// automatic checkpoints off (<see cref="SqliteDatabase.BackgroundCheckpoints"/>): left on, the commit that crosses
/// 1,000 WAL pages runs the checkpoint and its two fsyncs itself, a 10 ms stall for a single write and ≈400 ms after a
/// 10,000-event EPCIS capture (docs/architecture.md, "Write path"). A PASSIVE checkpoint blocks neither readers nor
/// writers; if one ever fails, the next tick tries again and the WAL only grows meanwhile (nothing is lost).
/// </summary>
public sealed partial class WalCheckpointService(Database backend, ILogger<WalCheckpointService> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// WAL size (4 KiB pages, so 64 MiB) from which the WAL is restarted between writes after the PASSIVE copy. The
    /// restart holds the writes for its fsyncs (7–15 ms measured at this size on the 2-core test machine); at a steady
    /// 1,000 writes/s (≈40 KiB of WAL each) this size is reached every second or two, so under 1% of writes wait for
    /// one. A larger WAL makes restarts rarer but longer, and slows every read (SQLite looks each page up in the WAL
    /// index first). Below a few hundred writes/s PASSIVE
    /// checkpoints catch up between writes and the WAL restarts by itself, small.
    /// </summary>
    internal const long RestartPages = 16_384;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (File is not { } database)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CheckpointAsync(database, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (File is { } database)
        {
            // Leave the file complete on a clean shutdown, so a copy of ecovalue.db alone is a full backup.
            await CheckpointAsync(database, cancellationToken).ConfigureAwait(false);
        }
    }

    // Only the embedded file, opened for background checkpoints, has a WAL to look after; PostgreSQL checkpoints itself.
    private SqliteDatabase? File => backend is SqliteDatabase { BackgroundCheckpoints: true } file ? file : null;

    private async Task CheckpointAsync(SqliteDatabase database, CancellationToken ct)
    {
        try
        {
            var (walPages, checkpointed) = await database.CheckpointAsync(ct).ConfigureAwait(false);
            if (walPages >= RestartPages)
            {
                // Writers kept appending while that ran, so the WAL is never found complete and would only grow:
                // finish the copy between writes and let the WAL start over (reusing the file's blocks). A second
                // PASSIVE pass first copies what arrived during the first, so the writes wait only for the last few
                // pages and two small fsyncs.
                await database.CheckpointAsync(ct).ConfigureAwait(false);
                await database.RestartWalAsync(ct).ConfigureAwait(false);
            }
            else if (walPages > 0 && checkpointed < walPages)
            {
                LogPartial(logger, checkpointed, walPages);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WAL checkpoint: {Checkpointed} of {WalPages} pages (readers still use the rest; next tick continues)")]
    private static partial void LogPartial(ILogger logger, long checkpointed, long walPages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
