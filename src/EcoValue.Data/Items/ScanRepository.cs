using EcoValue.Domain.Verification;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Items;

/// <summary>
/// The scan log: every scan appended to table scans (the record, never read by an answer), and each scanned code's
/// row in scan_totals — its count, first scan and newest scans (<see cref="ScanHistory"/>) — changed in the same
/// write. A scan answer reads only that row, with the item (<see cref="ItemRepository.GetItemWithScansAsync"/>).
/// Written in batches by the service's buffered scan writer. Private: it never leaves the service except as counts and reasons.
/// </summary>
public sealed class ScanRepository(Database database)
{
    /// <summary>
    /// Appends scans in one write (the buffered writer hands over up to FlushCount at a time, oldest first) and adds
    /// them to each code's totals and newest scans, of which it keeps <paramref name="keep"/>.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<(string Serial, ScanEntry Scan)> scans, int keep, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scans);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        if (scans.Count == 0)
        {
            return Task.CompletedTask;
        }

        // One change per code per write: PostgreSQL's upsert may not touch a row twice, and a code scanned often in
        // one flush is rewritten once.
        var byCode = new Dictionary<string, List<ScanEntry>>(StringComparer.Ordinal);
        foreach (var (serial, scan) in scans)
        {
            if (!byCode.TryGetValue(serial, out var list))
            {
                byCode[serial] = list = [];
            }

            list.Add(scan);
        }

        return database.WriteAsync<object?>(async (connection, tx) =>
        {
            if (connection is not SqliteConnection c)
            {
                await PostgresBulk.AppendScansAsync(connection, tx, [.. scans.Select(s => (s.Serial, DbTime.ToText(s.Scan.At), s.Scan.Scanner, s.Scan.Latitude, s.Scan.Longitude, s.Scan.Place))],
                    [.. byCode.Select(g => (g.Key, (long)g.Value.Count, DbTime.ToText(g.Value.Min(s => s.At)), ScanHistory.Merge(null, g.Value, keep)))], keep, ct).ConfigureAwait(false);
                return null;
            }

            using var insert = new RawStatement(c, "INSERT INTO scans (serial, at, scanner_hash, lat, lon, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            foreach (var (serial, scan) in scans)
            {
                insert.Bind(1, serial);
                insert.Bind(2, DbTime.ToText(scan.At));
                insert.Bind(3, scan.Scanner);
                insert.Bind(4, scan.Latitude);
                insert.Bind(5, scan.Longitude);
                insert.Bind(6, scan.Place);
                insert.Run();
            }

            // One writer at a time (the write queue), so reading the row and writing it back is one change.
            using var read = new RawStatement(c, "SELECT count, first_at, recent FROM scan_totals WHERE serial = ?1");
            using var write = new RawStatement(c, """
                INSERT INTO scan_totals (serial, count, first_at, recent) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (serial) DO UPDATE SET count = excluded.count, first_at = excluded.first_at, recent = excluded.recent
                """);
            foreach (var (serial, added) in byCode)
            {
                read.Bind(1, serial);
                var (count, first, recent) = read.Step() ? (read.Int64(0), read.Text(1), read.Text(2)) : (0L, null, null);
                read.Reset();
                var firstAdded = DbTime.ToText(added.Min(s => s.At));
                write.Bind(1, serial);
                write.Bind(2, count + added.Count);
                write.Bind(3, first is not null && string.CompareOrdinal(first, firstAdded) <= 0 ? first : firstAdded);
                write.Bind(4, ScanHistory.Merge(recent, added, keep));
                write.Run();
            }

            return null;
        }, ct);
    }
}
