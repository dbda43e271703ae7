using System.Threading.Channels;
using EcoValue.Data.Items;
using EcoValue.Domain.Verification;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Scans on their way to the database (docs/verification.md, "Scan log"). An answer must not wait for a write, so a
/// scan goes into a bounded buffer that <see cref="ScanWriter"/> empties in one write every
/// <see cref="ScanOptions.FlushMilliseconds"/> (or <see cref="ScanOptions.FlushCount"/> scans). Until written, a scan
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

    /// <summary>Called once scans are in the database (or lost to a failed write): they stop being pending.</summary>
    internal void Written(IReadOnlyList<(string Serial, ScanEntry Scan)> scans)
    {
        foreach (var (serial, scan) in scans)
        {
            Forget(serial, scan);
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
/// Empties the <see cref="ScanLog"/> buffer into the scans table: one write (on the write queue) per
/// <see cref="ScanOptions.FlushCount"/> scans, at most every <see cref="ScanOptions.FlushMilliseconds"/>; on shutdown
/// it writes what is left. The loop only waits; <see cref="FlushAsync"/> does the work.
/// </summary>
public sealed partial class ScanWriter(ScanLog log, ScanRepository scans, IOptions<ScanOptions> options, ILogger<ScanWriter> logger) : BackgroundService
{
    private long _reportedDrops;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(options.Value.FlushMilliseconds);
        try
        {
            while (await log.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                // Let a few more arrive unless a full write is waiting already: one write carries many scans.
                if (log.Reader.Count < options.Value.FlushCount)
                {
                    await Task.Delay(interval, stoppingToken).ConfigureAwait(false);
                }

                await FlushAsync(stoppingToken).ConfigureAwait(false);
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

    /// <summary>Writes every buffered scan now, in writes of at most <see cref="ScanOptions.FlushCount"/>.</summary>
    public async Task FlushAsync(CancellationToken ct)
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

            try
            {
                await scans.AppendAsync(batch, options.Value.HistoryLimit, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The log is evidence, not truth: losing a few scans to a disk error must not stop the next ones.
                LogWriteFailed(logger, e, batch.Count);
            }
            finally
            {
                log.Written(batch);
            }
        }

        var dropped = log.Dropped;
        if (dropped > _reportedDrops)
        {
            LogDropped(logger, dropped - _reportedDrops, options.Value.BufferCapacity);
            _reportedDrops = dropped;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan log: {Count} scans could not be written")]
    private static partial void LogWriteFailed(ILogger logger, Exception e, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scan log: {Count} scans dropped, the buffer of {Capacity} was full")]
    private static partial void LogDropped(ILogger logger, long count, int capacity);
}
