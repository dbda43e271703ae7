using System.Data.Common;
using System.Globalization;
using Dapper;
using EcoValue.Data.Records;
using EcoValue.Domain;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Records;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Registry;

/// <summary>One captured EPCIS event, mapped: the field event it becomes, the batches it names, and where it sat in the document.</summary>
public sealed record CapturedEvent(int Index, string? EpcisEventId, FieldEventFacts Facts, IReadOnlyList<(string Gtin, string Lot)> Batches);

/// <summary>What a capture wrote: one field event per (EPCIS event, batch).</summary>
public sealed record CapturedFieldEvent(int Index, string FieldEventId, string BatchId, string RecordId);

public sealed partial class RegistryRepository
{
    /// <summary>
    /// Files a whole EPCIS document's events as field events in one transaction: all or none. Every batch an event
    /// names must be one the caller may write (<paramref name="scope"/>); any that is not is reported as a field error
    /// at the event's path, exactly as for a batch that does not exist. <paramref name="record"/> builds each field
    /// event's record from (field event id, batch id, owner, canonical details); it is called concurrently for
    /// different events.
    /// </summary>
    /// <remarks>
    /// The hot path of ingest (10,000 events per document, docs/benchmarks.md). Batches are resolved and every row
    /// (record envelope, its canonical bytes and hash, the field event's details) is built before the write lock is
    /// taken, on all cores; the lock is then held only for the inserts. Resolving outside the transaction is safe: a
    /// batch is never deleted and its id and owner never change (a correction changes only its facts).
    /// </remarks>
    public async Task<IReadOnlyList<CapturedFieldEvent>> CaptureAsync(IReadOnlyList<CapturedEvent> events, Scope scope, DateTimeOffset now, Func<CapturedEvent, string, string, string, CanonicalJson, RecordEnvelope> record, string eventsPath = "epcisBody.eventList", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(record);
        Dictionary<(string Gtin, string Lot), (string Id, string Owner)> batches;
        await using (var read = await database.OpenAsync(ct).ConfigureAwait(false))
        {
            batches = await ResolveBatchesAsync(read, null, events, scope, eventsPath, ct).ConfigureAwait(false);
        }

        // One slot per event (an event naming several batches fills several rows), built in parallel: an event's
        // JSON nodes are touched by one thread only, as JsonNode is not safe for concurrent use.
        var built = new CaptureRow[events.Count][];
        // A record over 64 KiB throws RecordException (bad input), rethrown as itself.
        InParallel.For(events.Count, i => built[i] = Build(events[i]), ct);

        CaptureRow[] Build(CapturedEvent e)
        {
            var keys = e.Batches.Distinct().ToList();
            var rows = new CaptureRow[keys.Count];
            // Canonicalised once: embedded as is in each record and stored as the row's details (canonical JSON is JSON).
            var details = CanonicalJson.Of(e.Facts.Details);
            var detailsText = details.ToString();
            for (var k = 0; k < keys.Count; k++)
            {
                var (batchId, owner) = batches[keys[k]];
                var id = RecordEnvelope.NewId(now);
                rows[k] = new CaptureRow(e, id, batchId, owner, detailsText, RecordRow.From(record(e, id, batchId, owner, details)));
            }

            return rows;
        }

        var all = built.SelectMany(r => r).ToList();
        return await WriteAsync<IReadOnlyList<CapturedFieldEvent>>(async (c, tx) =>
        {
            // Records first: each field event's deferred record_id reference then finds its record at once.
            await RecordRepository.AppendAsync(c, tx, [.. all.Select(r => r.Record)], ct).ConfigureAwait(false);
            var created = Now();
            var values = all.Select(r => EventValues(r.Id, r.BatchId, r.Owner, r.Record.Id, r.Event.Facts, r.Details, "epcis", r.Event.EpcisEventId, created)).ToList();
            if (c is SqliteConnection sqlite)
            {
                using var insert = new RawStatement(sqlite, $"INSERT INTO field_events ({string.Join(", ", EventColumns)}, version, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1, ?14)");
                foreach (var row in values)
                {
                    ct.ThrowIfCancellationRequested();
                    for (var i = 0; i < row.Length; i++)
                    {
                        insert.Bind(i + 1, row[i]);
                    }

                    insert.Run();
                }
            }
            else
            {
                await PostgresBulk.InsertTextRowsAsync(c, tx, "field_events", EventColumns, [("version", "1"), ("updated_at", "created_at")], values, ct).ConfigureAwait(false);
            }

            return [.. all.Select(r => new CapturedFieldEvent(r.Event.Index, r.Id, r.BatchId, r.Record.Id))];
        }, ct).ConfigureAwait(false);
    }

    private sealed record CaptureRow(CapturedEvent Event, string Id, string BatchId, string Owner, string Details, RecordRow Record);

    private static async Task<Dictionary<(string Gtin, string Lot), (string Id, string Owner)>> ResolveBatchesAsync(
        DbConnection c, DbTransaction? tx, IReadOnlyList<CapturedEvent> events, Scope scope, string eventsPath, CancellationToken ct)
    {
        var found = new Dictionary<(string, string), (string, string)>();
        var missing = new HashSet<(string, string)>();
        var errors = new FieldErrors();
        foreach (var e in events)
        {
            foreach (var key in e.Batches)
            {
                if (found.ContainsKey(key) || missing.Contains(key))
                {
                    if (missing.Contains(key))
                    {
                        errors.Add(Missing(eventsPath, e.Index, key));
                    }

                    continue;
                }

                var row = await c.QuerySingleOrDefaultAsync<(string Id, string Owner)?>(new CommandDefinition(
                    "SELECT id, producer_id FROM batches WHERE gtin = @gtin AND lot = @lot" + (scope.ProducerId is null ? string.Empty : " AND producer_id = @scope"),
                    new { gtin = key.Gtin, lot = key.Lot, scope = scope.ProducerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
                if (row is { } r)
                {
                    found[key] = r;
                }
                else
                {
                    missing.Add(key);
                    errors.Add(Missing(eventsPath, e.Index, key));
                }
            }
        }

        errors.ThrowIfAny();
        return found;
    }

    private static FieldError Missing(string eventsPath, int index, (string Gtin, string Lot) key) => new(
        $"{eventsPath}[{index.ToString(CultureInfo.InvariantCulture)}]", "epcis.batch_not_found",
        $"names GTIN {key.Gtin} lot {key.Lot}, which is not one of your batches: register the batch first (POST /api/v1/batches)",
        $"引用的 GTIN {key.Gtin} 批号 {key.Lot} 不是您的批次：请先登记该批次（POST /api/v1/batches）");

    // The columns a captured field event fills from its values (version is 1 and updated_at = created_at on insert).
    // The capture hot path (10,000 events per document): SQLite binds them to one prepared native statement per row
    // (RawStatement); PostgreSQL inserts the whole document's rows in one statement over arrays (PostgresBulk).
    private static readonly string[] EventColumns =
        ["id", "batch_id", "producer_id", "record_id", "kind", "occurred_at", "time_zone", "place", "region_code", "actor_name", "details", "source", "epcis_event_id", "created_at"];

    private static string?[] EventValues(string id, string batchId, string producerId, string recordId, FieldEventFacts f, string details, string source, string? epcisEventId, string created) =>
        [id, batchId, producerId, recordId, f.Kind, FieldEventFacts.FormatUtc(f.OccurredAt), f.TimeZone, f.Place, f.RegionCode, f.Actor, details, source, epcisEventId, created];
}
