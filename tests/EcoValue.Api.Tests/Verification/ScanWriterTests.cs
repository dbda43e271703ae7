using Dapper;
using EcoValue.Api.Features.Verification;
using EcoValue.Data;
using EcoValue.Data.Items;
using EcoValue.Data.Migrations;
using EcoValue.Domain.Verification;
using EcoValue.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The scan writer over a real database: a scan stays pending (visible to answers) until counted in its code's
/// totals; SQLite logs first and counts later, PostgreSQL counts as it logs; a start counts what a crash left
/// logged but uncounted, and a stop leaves nothing uncounted.
/// </summary>
public sealed class ScanWriterTests : IAsyncLifetime
{
    private const string Serial = "SCANWRITER001";
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-scanwriter-").FullName;
    private Database _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = TestDatabases.ForDirectory(_dir);
        await Migrator.MigrateAsync(_db, _db.Schema, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        (_db as IDisposable)?.Dispose();
        await TestDatabases.DropAsync(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    private static ScanEntry Scan(int second) => new(At.AddSeconds(second), "scanner-" + second, null, null, null);

    private async Task<(long Logged, long Counted)> RowsAsync()
    {
        await using var c = await _db.OpenAsync(Ct);
        return (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scans WHERE serial = @s", new { s = Serial }),
            await c.ExecuteScalarAsync<long>("SELECT coalesce((SELECT count FROM scan_totals WHERE serial = @s), 0)", new { s = Serial }));
    }

    [Fact]
    public async Task AScan_staysPendingUntilCounted_aStartCountsWhatACrashLeft_andAStopLeavesNothingUncounted()
    {
        // Totals every ten minutes here: within the test only a start, a flush or a stop counts on SQLite.
        var options = Options.Create(new ScanOptions { FlushMilliseconds = 10, TotalsMilliseconds = 600_000, TotalsCount = 1_000_000 });
        var repository = new ScanRepository(_db);
        if (repository.DefersTotals)
        {
            // What a process killed between logging and counting leaves behind.
            await repository.LogAsync([(Serial, Scan(0)), (Serial, Scan(1))], Ct);
            Assert.Equal((2L, 0L), await RowsAsync());
        }
        else
        {
            await repository.AppendAsync([(Serial, Scan(0)), (Serial, Scan(1))], 200, Ct);
        }

        var log = new ScanLog(options);
        var writer = new ScanWriter(log, repository, options, NullLogger<ScanWriter>.Instance);
        await writer.StartAsync(Ct);
        try
        {
            Assert.Equal((2L, 2L), await RowsAsync());

            Assert.True(log.Add(Serial, Scan(2)));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await RowsAsync()).Logged < 3 || (!repository.DefersTotals && log.Pending(Serial).Count > 0))
            {
                Assert.True(DateTime.UtcNow < deadline, "the writer did not log the scan within 10 s");
                await Task.Delay(20, Ct);
            }

            if (repository.DefersTotals)
            {
                // Logged, not counted: answers still see it through Pending, so they count it themselves.
                Assert.Equal((3L, 2L), await RowsAsync());
                Assert.Equal([Scan(2)], log.Pending(Serial));
            }
            else
            {
                Assert.Equal((3L, 3L), await RowsAsync());
                Assert.Empty(log.Pending(Serial));
            }

            Assert.True(log.Add(Serial, Scan(3)));
            await writer.FlushAsync(Ct);
            Assert.Equal((4L, 4L), await RowsAsync());
            Assert.Empty(log.Pending(Serial));
            Assert.True(log.Add(Serial, Scan(4)));
        }
        finally
        {
            await writer.StopAsync(Ct);
        }

        Assert.Equal((5L, 5L), await RowsAsync());
        Assert.Empty(log.Pending(Serial));
        if (repository.DefersTotals)
        {
            await using var c = await _db.OpenAsync(Ct);
            Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT max(id) FROM scans"), await c.ExecuteScalarAsync<long>("SELECT id FROM scan_totals_through"));
        }
    }

    [Fact]
    [Trait("Backend", "sqlite")] // counting later is SQLite's; PostgreSQL counts in the write that logs
    public async Task ACountThatKeepsFailing_isRetried_releasesItsMemory_andTheLogIsCountedOnceItWorks()
    {
        var options = Options.Create(new ScanOptions { FlushMilliseconds = 10, TotalsMilliseconds = 100, TotalsCount = 2 });
        var repository = new ScanRepository(_db);
        await repository.AppendAsync([(Serial, Scan(0))], 200, Ct);
        async Task ExecAsync(string sql)
        {
            await using var c = await _db.OpenAsync(Ct);
            await c.ExecuteAsync(sql, new { s = Serial });
        }

        // A damaged row (the column is ours alone; ScanHistory refuses what it never writes): every count fails.
        await ExecAsync("UPDATE scan_totals SET recent = 'not a history' WHERE serial = @s");
        var log = new ScanLog(options);
        var writer = new ScanWriter(log, repository, options, NullLogger<ScanWriter>.Instance);
        await writer.StartAsync(Ct);
        try
        {
            for (var i = 1; i <= 5; i++)
            {
                Assert.True(log.Add(Serial, Scan(i)));
            }

            // Logged, never counted; past twice TotalsCount (4) the writer stops holding them as pending.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await RowsAsync()).Logged < 6 || log.Pending(Serial).Count > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"rows {await RowsAsync()}, pending {log.Pending(Serial).Count}");
                await Task.Delay(20, Ct);
            }

            Assert.Equal((6L, 1L), await RowsAsync());

            // Repaired: the next count reads the log past the mark (the writer's own list no longer matches it).
            await ExecAsync("UPDATE scan_totals SET recent = '[]' WHERE serial = @s");
            Assert.True(log.Add(Serial, Scan(6)));
            while ((await RowsAsync()).Counted < 7)
            {
                Assert.True(DateTime.UtcNow < deadline.AddSeconds(10), $"rows {await RowsAsync()}");
                await Task.Delay(20, Ct);
            }
        }
        finally
        {
            await writer.StopAsync(Ct);
        }

        Assert.Equal((7L, 7L), await RowsAsync());
        Assert.Empty(log.Pending(Serial));
        await using var c = await _db.OpenAsync(Ct);
        Assert.Equal(await c.ExecuteScalarAsync<long>("SELECT max(id) FROM scans"), await c.ExecuteScalarAsync<long>("SELECT id FROM scan_totals_through"));
        // The history restarted empty at the repair, then took the six scans counted after it, newest first.
        var recent = ScanHistory.ReadBinary(await c.ExecuteScalarAsync<byte[]>("SELECT recent FROM scan_totals WHERE serial = @s", new { s = Serial }));
        Assert.Equal(Enumerable.Range(1, 6).Reverse().Select(Scan), recent);
    }

    [Fact]
    public void Written_forgetsExactlyTheScansGiven_inAnyOrder()
    {
        var log = new ScanLog(Options.Create(new ScanOptions()));
        var scans = Enumerable.Range(0, 6).Select(Scan).ToList();
        foreach (var s in scans)
        {
            Assert.True(log.Add(Serial, s));
        }

        Assert.True(log.Add("OTHERSERIAL01", scans[0]));
        // The usual case (the oldest, in order) and the rest (out of order).
        log.Written([(Serial, scans[0]), (Serial, scans[1])]);
        Assert.Equal(scans.Skip(2), log.Pending(Serial));
        log.Written([(Serial, scans[4]), (Serial, scans[2])]);
        Assert.Equal([scans[3], scans[5]], log.Pending(Serial));
        log.Written([(Serial, scans[5]), (Serial, scans[3]), ("OTHERSERIAL01", scans[0])]);
        Assert.Empty(log.Pending(Serial));
        Assert.Empty(log.Pending("OTHERSERIAL01"));
    }
}
