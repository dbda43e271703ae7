using System.Diagnostics;
using System.Threading.Channels;
using EcoValue.Data.Items;
using EcoValue.Domain.Verification;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Scans on their way to the database (docs/verification.md, "Scan log"). An answer must not wait for a write, so a
/// scan goes into a bounded buffer that <see cref="ScanWriter"/> empties in one write every
/// <see cref="ScanOptions.FlushMilliseconds"/> (or <see cref="ScanOptions.FlushCount"/> scans). Until counted in its
/// code's totals (in that write on PostgreSQL; later, <see cref="ScanOptions.TotalsMilliseconds"/>, on SQLite), a scan
/// stays visible to <see cref="Pending"/>, so the clone rules see a burst as it happens, not 100 ms later. A full
/// buffer drops new scans (counted, logged) rather than slow the answers down.
/// </summary>
public sealed class ScanLog(IOptions<ScanOptions> options)
{
    private readonly Channel<(string Serial, ScanEntry Scan)> _channel = Channel.CreateBounded<(string, ScanEntry)>(
        new BoundedChannelOptions(options.Value.BufferCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly Dictionary<string, List<ScanEntry>> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _dropped;

    /// <summary>Scans dropped because the buffer was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal ChannelReader<(string Serial, ScanEntry Scan)> Reader => _channel.Reader;

    /// <summary>Queues a scan for writing; false (and counted) when the buffer is full.</summary>
    public bool Add(string serial, ScanEntry scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        lock (_lock)
        {
            if (!_pending.TryGetValue(serial, out var list))
            {
                _pending[serial] = list = [];
            }

            list.Add(scan);
        }

        if (_channel.Writer.TryWrite((serial, scan)))
        {
            return true;
        }

        Forget(serial, scan);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>The serial's scans not yet written.</summary>
    public IReadOnlyList<ScanEntry> Pending(string serial)
    {
        lock (_lock)
        {
            return _pending.TryGetValue(serial, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Called once scans are counted in the database (or lost to a failed write): they stop being pending.</summary>
    internal void Written(IReadOnlyList<(string Serial, ScanEntry Scan)> scans)
    {
        // Up to TotalsCount scans at once on SQLite: one lock per code, and a code's scans usually leave as the prefix
        // of its pending list (both in arrival order), so they go in one RemoveRange, not one shifting Remove each.
        foreach (var group in scans.GroupBy(s => s.Serial, s => s.Scan, StringComparer.Ordinal))
        {
            var gone = group.ToList();
            lock (_lock)
            {
                if (!_pending.TryGetValue(group.Key, out var list))
                {
                    continue;
                }

                var prefix = 0;
                while (prefix < gone.Count && prefix < list.Count && list[prefix] == gone[prefix])
                {
                    prefix++;
                }

                list.RemoveRange(0, prefix);
                for (var i = prefix; i < gone.Count; i++)
                {
                    list.Remove(gone[i]);
                }

                if (list.Count == 0)
                {
                    _pending.Remove(group.Key);
                }
            }
        }
    }

    private void Forget(string serial, ScanEntry scan)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(serial, out var list) && list.Remove(scan) && list.Count == 0)
            {
                _pending.Remove(serial);
            }
        }
    }
}

/// <summary>
/// Empties the <see cref="ScanLog"/> buffer into the scan log: one write (on the write queue) per
/// <see cref="ScanOptions.FlushCount"/> scans, at most every <see cref="ScanOptions.FlushMilliseconds"/>. On SQLite the
/// log is only appended to there, and the scans are counted in their codes' totals every
/// <see cref="ScanOptions.TotalsMilliseconds"/> (or <see cref="ScanOptions.TotalsCount"/> scans), staying visible to
/// answers as pending until then (<see cref="ScanRepository.DefersTotals"/>). At start it counts what a crash left
/// uncounted; on shutdown it writes and counts what is left. The loop only waits; <see cref="WriteAsync"/> does the work.
/// </summary>
public sealed partial class ScanWriter(ScanLog log, ScanRepository scans, IOptions<ScanOptions> options, ILogger<ScanWriter> logger) : BackgroundService
{
    // Logged on SQLite, not yet counted: still pending in the ScanLog, so answers see them.
    private readonly List<(string Serial, Domain.Verification.ScanEntry Scan)> _uncounted = [];
    private readonly SemaphoreSlim _writing = new(1, 1);

    // Stopwatch timestamps, real time rather than the app's TimeProvider (tests stop that clock): the writer's own pauses.
    private long _lastTotals;
    private long _retryAfter;
    private long _reportedDrops;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the first answer: scans a crash logged but did not count (none after a clean stop). A count that
        // fails (a damaged row) must not keep the service down: the next count, after the next scan is logged, reads
        // the log past the mark again.
        try
        {
            var counted = await scans.TotalAsync(options.Value.HistoryLimit, ct: cancellationToken).ConfigureAwait(false);
            if (counted > 0)
            {
                LogCaughtUp(logger, counted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCatchUpFailed(logger, e);
        }

        _lastTotals = Stopwatch.GetTimestamp();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.FlushMilliseconds);
        try
        {
            while (true)
            {
                // Idle with nothing left to count: sleep until a scan comes.
                if (log.Reader.Count == 0 && _uncounted.Count == 0 && !await log.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    break;
                }

                // Let a few more arrive unless a full write is waiting already: one write carries many scans.
                if (log.Reader.Count < options.Value.FlushCount)
                {
                    await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
                }

                // Not the stopping token: a write cancelled at shutdown would drop the scans it had taken from the
                // buffer (StopAsync waits for this one, then writes the rest).
                await WriteAsync(countAll: false, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: StopAsync writes the rest
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Writes every buffered scan now, in writes of at most <see cref="ScanOptions.FlushCount"/>, and counts every logged one.</summary>
    public Task FlushAsync(CancellationToken ct) => WriteAsync(countAll: true, ct);

    private async Task WriteAsync(bool countAll, CancellationToken ct)
    {
        await _writing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await LogBufferedAsync(ct).ConfigureAwait(false);
            // After a failed count, the next attempt waits a full period, whatever the number waiting.
            var due = Stopwatch.GetTimestamp() >= _retryAfter
                && (_uncounted.Count >= options.Value.TotalsCount || Stopwatch.GetElapsedTime(_lastTotals) >= TimeSpan.FromMilliseconds(options.Value.TotalsMilliseconds));
            if (_uncounted.Count > 0 && (countAll || due))
            {
                await CountAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _writing.Release();
        }

        var dropped = log.Dropped;
        if (dropped > _reportedDrops)
        {
            LogDropped(logger, dropped - _reportedDrops, options.Value.BufferCapacity);
            _reportedDrops = dropped;
        }
    }

    private async Task LogBufferedAsync(CancellationToken ct)
    {
        var batch = new List<(string, Domain.Verification.ScanEntry)>(options.Value.FlushCount);
        while (true)
        {
            batch.Clear();
            while (batch.Count < options.Value.FlushCount && log.Reader.TryRead(out var scan))
            {
                batch.Add(scan);
            }

            if (batch.Count == 0)
            {
                break;
            }

            var logged = false;
            try
            {
                if (scans.DefersTotals)
                {
                    await scans.LogAsync(batch, ct).ConfigureAwait(false);
                    _uncounted.AddRange(batch);
                    logged = true;
                }
                else
                {
                    await scans.AppendAsync(batch, options.Value.HistoryLimit, ct).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The log is evidence, not truth: losing a few scans to a disk error must not stop the next ones.
                LogWriteFailed(logger, e, batch.Count);
            }
            finally
            {
                // Counted (PostgreSQL) or lost: no longer pending. Logged on SQLite: pending until counted.
                if (!logged)
                {
                    log.Written(batch);
                }
            }
        }
    }

    private async Task CountAsync(CancellationToken ct)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var counted = await scans.TotalAsync(options.Value.HistoryLimit, _uncounted, ct).ConfigureAwait(false);
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCounted(logger, counted, milliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still in the log and still pending here: the next attempt (or the next start) counts them, as long as
            // memory allows. Past twice TotalsCount they stop being pending (answers count them once counted, read
            // back from the log then), so a count that keeps failing cannot hold the process's memory hostage.
            LogTotalsFailed(logger, e, _uncounted.Count);
            _retryAfter = Stopwatch.GetTimestamp() + (long)(options.Value.TotalsMilliseconds / 1000.0 * Stopwatch.Frequency);
            if (_uncounted.Count > 2L * options.Value.TotalsCount)
            {
                LogUncountedReleased(logger, _uncounted.Count);
                log.Written(_uncounted);
                _uncounted.Clear();
            }

            return;
        }

        log.Written(_uncounted);
        _uncounted.Clear();
        _lastTotals = Stopwatch.GetTimestamp();
        _retryAfter = 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan log: {Count} scans could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception e, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan log: {Count} logged scans could not be counted in their totals yet; retrying")]
    private static partial void LogTotalsFailed(ILogger logger, Exception e, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scan log: {Count} logged scans are still not counted; answers stop counting them until a count succeeds (the log keeps them)")]
    private static partial void LogUncountedReleased(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scan log: counted {Count} scans in their totals in {Milliseconds:F0} ms")]
    private static partial void LogCounted(ILogger logger, int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan log: the scans logged before the last stop could not be counted in their totals; the next count tries again")]
    private static partial void LogCatchUpFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scan log: counted {Count} scans logged before the last stop")]
    private static partial void LogCaughtUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan log: {Count} scans dropped, the buffer of {Capacity} was full")]
    private static partial void LogDropped(ILogger logger, long count, int capacity);
}
