using System.Text.Json.Nodes;
using Dapper;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Data.Tests.Accounts;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using EcoValue.Domain.Verification;

namespace EcoValue.Data.Tests;

/// <summary>Item codes, recalls and the scan log (migration 7): chunks written whole or not at all, keys never reused, withdrawals and recalls as records.</summary>
public sealed class ItemRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private readonly AccountsDatabase _db = new();
    private ItemRepository _items = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _db.InitializeAsync();
        _items = new ItemRepository(_db.Database);
        var registry = new RegistryRepository(_db.Database);
        await registry.CreateProducerAsync("p1", new ProducerFacts("白沙合作社", "credit-p1", "469025", null), "approved", s => Record("producer", "producer:p1"), ct: Ct);
        await registry.CreatePlotAsync("plot-1", "p1", Scope.All, new PlotFacts("茶园", "469025", 10, null, null, null), s => Record("plot", "plot:plot-1"), Ct);
        foreach (var id in new[] { "b1", "b2" })
        {
            await registry.CreateBatchAsync(id, "p1", BatchFacts.Validate(new BatchInput("茶", "tea", "6901234567892", "LOT-" + id, "plot-1", "2026-11-01", 100, "kg"), DateOnly.FromDateTime(At.UtcDateTime)), s => Record("batch", "batch:" + id), Ct);
        }
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static RecordEnvelope Record(string kind, string subject) => RecordEnvelope.Create(kind, subject, "user:test", At, new JsonObject { ["n"] = Guid.NewGuid().ToString() });

    private async Task<(IssuedChunk Chunk, List<string> Serials)> IssueAsync(string batch, int count, double itemQuantity = 1, Action<IssuanceState>? check = null)
    {
        var serials = Enumerable.Range(0, count).Select(_ => ItemSerial.New()).ToList();
        var chunk = await _items.IssueChunkAsync(batch, serials, itemQuantity, ItemSerial.BuildTree(serials).RootHex, Record("item-issuance", "batch:" + batch), check ?? (_ => { }), Ct);
        return (chunk!, serials);
    }

    [Fact]
    public async Task Chunks_takeConsecutivePositions_andTheStateSumsWhatTheyCover()
    {
        var (first, a) = await IssueAsync("b1", 3, 2.5);
        IssuanceState? seen = null;
        var (second, b) = await IssueAsync("b1", 2, 1, s => seen = s);
        Assert.Equal((0L, 3L), (first.FirstPosition, second.FirstPosition));
        Assert.Equal((3L, 7.5, 100.0, "kg", false), (seen!.IssuedCount, seen.IssuedQuantity, seen.Quantity, seen.Unit, seen.Recalled));
        Assert.Null(seen.ClaimKg);

        var issuance = (await _items.GetIssuanceAsync(second.RecordId, Ct))!;
        Assert.Equal(b, await _items.ListIssuanceSerialsAsync(issuance, Ct));
        Assert.Equal(ItemSerial.BuildTree(b).RootHex, issuance.SerialsRoot);
        var item = (await _items.GetItemAsync(b[1], Ct))!;
        Assert.Equal((second.RecordId, 1L, 4L, false), (item.IssuanceRecordId, item.LeafIndex, item.Position, item.Withdrawn));
        Assert.Equal((0L, (DateTimeOffset?)null), (item.ScanCount, item.FirstScanAt));
        var scans = new ScanRepository(_db.Database);
        await scans.AppendAsync([(b[1], new ScanEntry(At.AddMinutes(5), "h1", null, null, null)), (b[1], new ScanEntry(At, "h2", null, null, null))], 200, Ct);
        item = (await _items.GetItemAsync(b[1], Ct))!;
        Assert.Equal((2L, (DateTimeOffset?)At), (item.ScanCount, item.FirstScanAt));
        var (page, next) = await _items.ListItemsAsync("b1", null, 4, Ct);
        Assert.Equal([.. a, b[0]], page.Select(i => i.Serial));
        Assert.Equal(3L, next);
        Assert.Equal([b[1]], (await _items.ListItemsAsync("b1", next, 4, Ct)).Items.Select(i => i.Serial));
        Assert.Null(await _items.IssueChunkAsync("no-batch", ["X"], 1, "0x" + new string('0', 64), Record("item-issuance", "batch:none"), _ => { }, Ct));
    }

    [Fact]
    public async Task ATakenSerial_rollsTheWholeChunkBack_recordIncluded()
    {
        var (_, taken) = await IssueAsync("b1", 1);
        var serials = new List<string> { ItemSerial.New(), taken[0] };
        var record = Record("item-issuance", "batch:b2");
        var collision = await Assert.ThrowsAsync<SerialCollisionException>(() =>
            _items.IssueChunkAsync("b2", serials, 1, ItemSerial.BuildTree(serials).RootHex, record, _ => { }, Ct));
        Assert.Equal(taken[0], collision.Serial);
        Assert.Empty((await _items.ListItemsAsync("b2", null, 10, Ct)).Items);
        await using var c = await _db.Database.OpenAsync(Ct);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM records WHERE id = @id", new { id = record.Id }));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM item_issuances WHERE batch_id = 'b2'"));
    }

    [Fact]
    public async Task ACheckThatRefuses_writesNothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => IssueAsync("b1", 5, check: _ => throw new InvalidOperationException("over")));
        Assert.Empty((await _items.ListItemsAsync("b1", null, 10, Ct)).Items);
        Assert.Equal(0, (await _items.StateAsync("b1", Ct))!.IssuedCount);
    }

    [Fact]
    public async Task Withdraw_marksOnlyThisBatchsItems_oneRecord_andReportsRepeats()
    {
        var (_, mine) = await IssueAsync("b1", 3);
        var (_, theirs) = await IssueAsync("b2", 1);
        var error = await Assert.ThrowsAsync<DomainValidationException>(() => _items.WithdrawAsync("b1", [mine[0], theirs[0], "NOPE"], "misprint", _ => Record("item-withdrawal", "batch:b1"), Ct));
        Assert.Equal(["serials[1]", "serials[2]"], error.Errors.Select(e => e.Field));
        Assert.False((await _items.GetItemAsync(mine[0], Ct))!.Withdrawn);

        IReadOnlyList<string>? recorded = null;
        var result = await _items.WithdrawAsync("b1", [mine[0], mine[1], mine[0]], "misprint", fresh => { recorded = fresh; return Record("item-withdrawal", "batch:b1"); }, Ct);
        Assert.Equal([mine[0], mine[1]], result.Withdrawn);
        Assert.Equal([mine[0]], result.AlreadyWithdrawn);
        Assert.Equal(result.Withdrawn, recorded);
        var item = (await _items.GetItemAsync(mine[1], Ct))!;
        Assert.Equal((result.RecordId, "misprint"), (item.WithdrawnRecordId, item.WithdrawnReason));

        var none = await _items.WithdrawAsync("b1", [mine[1]], "again", _ => throw new InvalidOperationException("no record for nothing new"), Ct);
        Assert.Null(none.RecordId);
    }

    [Fact]
    public async Task Recall_oneActivePerBatch_liftedByARecord_thenRecallableAgain()
    {
        Assert.Null(await _items.RecallAsync("nope", "x", Record("batch-recall", "batch:nope"), Ct));
        var first = (await _items.RecallAsync("b1", "铅超标", Record("batch-recall", "batch:b1"), Ct))!.Value;
        Assert.True(first.Created);
        var again = (await _items.RecallAsync("b1", "again", Record("batch-recall", "batch:b1"), Ct))!.Value;
        Assert.False(again.Created);
        Assert.Equal(first.Recall.RecordId, again.Recall.RecordId);
        Assert.True((await _items.StateAsync("b1", Ct))!.Recalled);

        string? named = null;
        var lifted = await _items.LiftRecallAsync("b1", "复检合格", recall => { named = recall; return Record("batch-recall-lift", "batch:b1"); }, Ct);
        Assert.Equal(first.Recall.RecordId, named);
        Assert.False(lifted!.Active);
        Assert.Null(await _items.ActiveRecallAsync("b1", Ct));
        Assert.Null(await _items.LiftRecallAsync("b1", "twice", _ => Record("batch-recall-lift", "batch:b1"), Ct));
        Assert.True((await _items.RecallAsync("b1", "第二次", Record("batch-recall", "batch:b1"), Ct))!.Value.Created);
    }

    [Fact]
    public async Task ItemWithScans_readsTheRowItsTotalsAndTheNewestScans_inOneStatement()
    {
        var (_, serials) = await IssueAsync("b1", 3);
        var scans = new ScanRepository(_db.Database);
        var entries = Enumerable.Range(0, 5).Select(i => new ScanEntry(At.AddMinutes(i), "hash-" + (i % 2), i == 0 ? 20.0 : null, i == 0 ? 110.2 : null, i == 0 ? "海口" : null)).ToList();
        // Out of order and in two writes: the totals keep the count and the earliest scan, whatever order they come in.
        await scans.AppendAsync([.. entries.Skip(1).Select(e => (serials[0], e)), (serials[1], entries[0])], 200, Ct);
        await scans.AppendAsync([(serials[0], entries[0])], 200, Ct);

        var read = (await _items.GetItemWithScansAsync(serials[0], 3, Ct))!;
        Assert.Equal(await _items.GetItemAsync(serials[0], Ct), read.Item);
        Assert.Equal((5L, (DateTimeOffset?)At), (read.Item.ScanCount, read.Item.FirstScanAt));
        Assert.Equal([entries[4], entries[3], entries[2]], read.Recent);
        // The whole log when the limit allows, oldest last, with the located scan's place intact.
        var all = (await _items.GetItemWithScansAsync(serials[0], 10, Ct))!.Recent;
        Assert.Equal(entries.AsEnumerable().Reverse(), all);
        Assert.Equal((20.0, 110.2, "海口"), (all[^1].Latitude!.Value, all[^1].Longitude!.Value, all[^1].Place));

        var once = (await _items.GetItemWithScansAsync(serials[1], 3, Ct))!;
        Assert.Equal([entries[0]], once.Recent);
        Assert.Equal(1L, once.Item.ScanCount);
        var never = (await _items.GetItemWithScansAsync(serials[2], 3, Ct))!;
        Assert.Equal((serials[2], 0, 0L, (DateTimeOffset?)null), (never.Item.Serial, never.Recent.Count, never.Item.ScanCount, never.Item.FirstScanAt));
        Assert.Null(await _items.GetItemWithScansAsync("NOSUCHSERIAL1", 3, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _items.GetItemWithScansAsync(serials[0], 0, Ct));
    }

    [Fact]
    public async Task TheScanRow_keepsTheNewestScans_whileTheLogAndTheTotalsKeepThemAll()
    {
        var (_, serials) = await IssueAsync("b1", 2);
        var scans = new ScanRepository(_db.Database);
        var entries = Enumerable.Range(0, 7).Select(i => new ScanEntry(At.AddSeconds(i), "hash-" + i, null, null, null)).ToList();
        // One write with several scans of one code (one row change), then a write older than what is kept.
        await scans.AppendAsync([.. entries.Skip(2).Select(e => (serials[0], e)), (serials[1], entries[6])], 3, Ct);
        await scans.AppendAsync([(serials[0], entries[1]), (serials[0], entries[0])], 3, Ct);

        var read = (await _items.GetItemWithScansAsync(serials[0], 10, Ct))!;
        Assert.Equal([entries[6], entries[5], entries[4]], read.Recent);
        Assert.Equal((7L, (DateTimeOffset?)At), (read.Item.ScanCount, read.Item.FirstScanAt));
        Assert.Equal([entries[6]], (await _items.GetItemWithScansAsync(serials[1], 10, Ct))!.Recent);
        await using var c = await _db.Database.OpenAsync(Ct);
        Assert.Equal(8L, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scans"));
        Assert.Equal(7L, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scans WHERE serial = @s", new { s = serials[0] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scans.AppendAsync([(serials[0], entries[0])], 0, Ct));
    }

    [Fact]
    public async Task LoggedScans_areCountedOnce_byTheNextTotal_orWithTheirWrite()
    {
        var (_, serials) = await IssueAsync("b1", 2);
        var scans = new ScanRepository(_db.Database);
        var entries = Enumerable.Range(0, 5).Select(i => new ScanEntry(At.AddSeconds(i), "hash-" + i, null, null, null)).ToList();
        async Task<(long Count, int Recent)> TotalsAsync(string serial)
        {
            var read = (await _items.GetItemWithScansAsync(serial, 10, Ct))!;
            return (read.Item.ScanCount, read.Recent.Count);
        }

        if (!scans.DefersTotals)
        {
            // PostgreSQL counts each scan in the write that logs it: nothing is ever behind.
            Assert.Equal(PostgresDatabase.ProviderName, _db.Database.Provider);
            await Assert.ThrowsAsync<NotSupportedException>(() => scans.LogAsync([(serials[0], entries[0])], Ct));
            await scans.AppendAsync([(serials[0], entries[0])], 10, Ct);
            Assert.Equal(0, await scans.TotalAsync(10, ct: Ct));
            Assert.Equal((1L, 1), await TotalsAsync(serials[0]));
            return;
        }

        // Logged, not yet counted: the log has them, the totals do not (the service shows them as pending).
        await scans.LogAsync([(serials[0], entries[0]), (serials[0], entries[1]), (serials[1], entries[2])], Ct);
        Assert.Equal((0L, 0), await TotalsAsync(serials[0]));
        // Another repository over the same file, as after a restart: it counts what the log holds past the mark.
        Assert.Equal(3, await new ScanRepository(_db.Database).TotalAsync(10, ct: Ct));
        Assert.Equal(0, await scans.TotalAsync(10, ct: Ct));
        Assert.Equal((2L, 2), await TotalsAsync(serials[0]));
        Assert.Equal((1L, 1), await TotalsAsync(serials[1]));

        // A write that logs and counts at once also counts what was logged before it, exactly once.
        await scans.LogAsync([(serials[0], entries[3])], Ct);
        await scans.AppendAsync([(serials[0], entries[4])], 10, Ct);
        Assert.Equal(0, await scans.TotalAsync(10, ct: Ct));
        var read = (await _items.GetItemWithScansAsync(serials[0], 10, Ct))!;
        Assert.Equal([entries[4], entries[3], entries[1], entries[0]], read.Recent);
        Assert.Equal((4L, (DateTimeOffset?)At), (read.Item.ScanCount, read.Item.FirstScanAt));
        await using var c = await _db.Database.OpenAsync(Ct);
        Assert.Equal(5L, await c.ExecuteScalarAsync<long>("SELECT id FROM scan_totals_through"));
        Assert.Equal(5L, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scans"));

        // The writer hands over what it logged: used when the log holds exactly that many past the mark, else the log
        // is read (a list that does not match, as if another writer had appended too, changes nothing).
        List<(string, ScanEntry)> logged = [(serials[1], new ScanEntry(At.AddMinutes(1), "w1", 20.0, 110.2, "海口")), (serials[1], new ScanEntry(At.AddMinutes(2), "w2", null, null, null))];
        await scans.LogAsync(logged, Ct);
        Assert.Equal(2, await scans.TotalAsync(10, logged.Take(1).ToList(), Ct));
        await scans.LogAsync([.. logged.Select(l => (l.Item1, l.Item2 with { At = l.Item2.At.AddHours(1) }))], Ct);
        Assert.Equal(2, await scans.TotalAsync(10, [.. logged.Select(l => (l.Item1, l.Item2 with { At = l.Item2.At.AddHours(1) }))], Ct));
        var second = (await _items.GetItemWithScansAsync(serials[1], 10, Ct))!;
        Assert.Equal(["w2", "w1", "w2", "w1", "hash-2"], second.Recent.Select(s => s.Scanner));
        Assert.Equal([(double?)null, 20.0, null, 20.0, null], second.Recent.Select(s => s.Latitude));
        Assert.Equal(At.AddHours(1).AddMinutes(2), second.Recent[0].At);
        Assert.Equal(5L, second.Item.ScanCount);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => scans.TotalAsync(0, ct: Ct));
    }

    [Fact]
    [Trait("Backend", "sqlite")] // the binary encoding is SQLite's; PostgreSQL keeps JSON text
    public async Task SqliteHistories_areStoredBinary_andARowStillInJson_isReadThenRewrittenBinary()
    {
        var (_, serials) = await IssueAsync("b1", 2);
        var scans = new ScanRepository(_db.Database);
        var hash = Convert.ToHexStringLower(new byte[16].Select((_, i) => (byte)(i * 17)).ToArray());
        await scans.AppendAsync([(serials[0], new ScanEntry(At, hash, null, null, null))], 10, Ct);
        await using var c = await _db.Database.OpenAsync(Ct);
        var stored = await c.ExecuteScalarAsync<byte[]>("SELECT recent FROM scan_totals WHERE serial = @s", new { s = serials[0] });
        // Format byte, flags, eight bytes of time, the keyed hash's sixteen bytes: 26 bytes, where JSON took 80.
        Assert.Equal(26, stored!.Length);
        Assert.Equal([new ScanEntry(At, hash, null, null, null)], ScanHistory.ReadBinary(stored));

        // A row as the JSON encoding left it (written before this version): answers read it as it is…
        var old = new List<ScanEntry> { new(At.AddSeconds(-1), "legacy-2", 18.2, 109.5, "三亚"), new(At.AddSeconds(-2), "legacy-1", null, null, null) };
        await c.ExecuteAsync("INSERT INTO scan_totals (serial, count, first_at, recent) VALUES (@s, 2, @first, @recent)",
            new { s = serials[1], first = DbTime.ToText(At.AddSeconds(-2)), recent = ScanHistory.Write(old) });
        Assert.Equal(old, (await _items.GetItemWithScansAsync(serials[1], 10, Ct))!.Recent);
        Assert.Equal("text", await c.ExecuteScalarAsync<string>("SELECT typeof(recent) FROM scan_totals WHERE serial = @s", new { s = serials[1] }));

        // …and its next count writes it binary, the stored scans after the new one.
        await scans.AppendAsync([(serials[1], new ScanEntry(At, hash, null, null, null))], 10, Ct);
        Assert.Equal("blob", await c.ExecuteScalarAsync<string>("SELECT typeof(recent) FROM scan_totals WHERE serial = @s", new { s = serials[1] }));
        var read = (await _items.GetItemWithScansAsync(serials[1], 10, Ct))!;
        Assert.Equal([new ScanEntry(At, hash, null, null, null), .. old], read.Recent);
        Assert.Equal(3L, read.Item.ScanCount);
    }

    [Fact]
    [Trait("Backend", "sqlite")] // SQLite's query plans; PostgreSQL plans by statistics
    public async Task ItemsAndTheirIssuances_areLookedUpByIndex()
    {
        await using var c = await _db.Database.OpenAsync(Ct);
        async Task<string> PlanAsync(string sql) => string.Join(" | ", (await c.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + sql)).Select(r => r.Item4));
        Assert.Contains("PRIMARY KEY", await PlanAsync("SELECT * FROM items WHERE serial = 'X'"), StringComparison.Ordinal);
        Assert.Contains("items_batch", await PlanAsync("SELECT serial FROM items WHERE batch_id = 'b' AND position >= 0 AND position < 10 ORDER BY position"), StringComparison.Ordinal);
        Assert.Contains("PRIMARY KEY", await PlanAsync("SELECT count, first_at, recent FROM scan_totals WHERE serial = 'X'"), StringComparison.Ordinal);
        // The scan log is only appended to (migration 12): no index to keep up per scan.
        Assert.Empty(await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scans' AND sql IS NOT NULL"));
    }
}
