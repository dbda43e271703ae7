using EcoValue.Domain.Verification;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Items;

/// <summary>
/// The scan log: every scan appended to table scans (the record, never read by an answer), and each scanned code's
/// row in scan_totals — its count, first scan and newest scans (<see cref="ScanHistory"/>). A scan answer reads only
/// that row, with the item (<see cref="ItemRepository.GetItemWithScansAsync"/>). Written in batches by the service's
/// buffered scan writer. Private: it never leaves the service except as counts and reasons.
/// <para>
/// On PostgreSQL a write counts its scans in the totals as it logs them (several instances share the rows). On SQLite
/// (one writing process) the service logs scans as they come (<see cref="LogAsync"/>) and counts them in rarer, larger
/// writes (<see cref="TotalAsync"/>): each code's row is a random page, and a page rewritten once for the hundreds of
/// scans that land on it between two totals, instead of once per flush, is most of what logging a scan cost
/// (docs/verification.md, "Scan log"). Table scan_totals_through (migration 13) holds the last log id counted, so the
/// totals are exactly the log up to it, and whatever a crash left behind is counted at the next start.
/// </para>
/// </summary>
public sealed class ScanRepository(Database database)
{
    /// <summary>True when scans are logged first and counted later (<see cref="TotalAsync"/>): SQLite.</summary>
    public bool DefersTotals => database.Provider == SqliteDatabase.ProviderName;

    /// <summary>
    /// Appends scans (oldest first) and counts them in each code's totals and newest scans, of which it keeps
    /// <paramref name="keep"/>, in one write. On SQLite this counts any scans logged before and not yet counted too.
    /// </summary>
    public Task AppendAsync(IReadOnlyList<(string Serial, ScanEntry Scan)> scans, int keep, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scans);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        if (scans.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.WriteAsync<object?>(async (connection, tx) =>
        {
            if (connection is SqliteConnection c)
            {
                Insert(c, scans);
                Total(c, keep, null);
                return null;
            }

            // One change per code per write: PostgreSQL's upsert may not touch a row twice, and a code scanned often
            // in one flush is rewritten once.
            var byCode = ByCode(scans);
            await PostgresBulk.AppendScansAsync(connection, tx, [.. scans.Select(s => (s.Serial, DbTime.ToText(s.Scan.At), s.Scan.Scanner, s.Scan.Latitude, s.Scan.Longitude, s.Scan.Place))],
                [.. byCode.Select(g => (g.Key, (long)g.Value.Count, DbTime.ToText(g.Value.Min(s => s.At)), ScanHistory.Merge(null, g.Value, keep)))], keep, ct).ConfigureAwait(false);
            return null;
        }, ct);
    }

    /// <summary>
    /// SQLite only (<see cref="DefersTotals"/>): appends scans (oldest first) to the log in one write, without counting
    /// them; <see cref="TotalAsync"/> does.
    /// </summary>
    public Task LogAsync(IReadOnlyList<(string Serial, ScanEntry Scan)> scans, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scans);
        if (!DefersTotals)
        {
            throw new NotSupportedException("only SQLite logs scans before counting them; use AppendAsync");
        }

        return scans.Count == 0 ? Task.CompletedTask : database.WriteAsync<object?>((connection, _) =>
        {
            Insert((SqliteConnection)connection, scans);
            return Task.FromResult<object?>(null);
        }, ct);
    }

    /// <summary>
    /// Counts every logged scan not yet counted in its code's totals and newest scans (keeping <paramref name="keep"/>),
    /// in one write, and returns how many it counted; 0 on PostgreSQL, where nothing is ever behind.
    /// </summary>
    /// <param name="keep">How many newest scans each code's row keeps.</param>
    /// <param name="logged">
    /// The scans the caller logged since the last count, oldest first, if it knows them (the service's writer does):
    /// used instead of reading them back when the log holds exactly that many past the mark, else ignored.
    /// </param>
    /// <param name="ct">Cancels the wait for the write.</param>
    public Task<int> TotalAsync(int keep, IReadOnlyList<(string Serial, ScanEntry Scan)>? logged = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        return DefersTotals ? database.WriteAsync((connection, _) => Task.FromResult(Total((SqliteConnection)connection, keep, logged)), ct) : Task.FromResult(0);
    }

    private static void Insert(SqliteConnection c, IReadOnlyList<(string Serial, ScanEntry Scan)> scans)
    {
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
    }

    /// <summary>Counts the log's rows after scan_totals_through in the totals and moves it to the last of them.</summary>
    private static int Total(SqliteConnection c, int keep, IReadOnlyList<(string Serial, ScanEntry Scan)>? logged)
    {
        long through, last;
        using (var mark = new RawStatement(c, "SELECT id, (SELECT coalesce(max(id), 0) FROM scans) FROM scan_totals_through"))
        {
            (through, last) = mark.Step() ? (mark.Int64(0), mark.Int64(1)) : throw new InvalidOperationException("scan_totals_through has no row (migration 13)");
        }

        if (last <= through)
        {
            return 0;
        }

        // Ids are consecutive (the log is only appended to, inside this process's single writer; a rolled-back append
        // leaves no id behind), so as many rows past the mark as the caller logged are the caller's scans, in order:
        // reading them back would cost more than counting them. Anything else (a crash, another writer) is read.
        IReadOnlyList<(string Serial, ScanEntry Scan)> scans;
        if (logged is not null && last - through == logged.Count)
        {
            scans = logged;
        }
        else
        {
            var read = new List<(string Serial, ScanEntry Scan)>((int)Math.Min(last - through, 1_000_000));
            using var rows = new RawStatement(c, "SELECT serial, at, scanner_hash, lat, lon, place FROM scans WHERE id > ?1 AND id <= ?2 ORDER BY id");
            rows.Bind(1, through);
            rows.Bind(2, last);
            while (rows.Step())
            {
                read.Add((rows.Text(0)!, new ScanEntry(DbTime.Parse(rows.Text(1)!), rows.Text(2)!, rows.Double(3), rows.Double(4), rows.Text(5))));
            }

            scans = read;
        }

        // One writer at a time (the write queue), so reading each code's row and writing it back is one change.
        using var row = new RawStatement(c, "SELECT count, first_at, recent FROM scan_totals WHERE serial = ?1");
        using var write = new RawStatement(c, """
            INSERT INTO scan_totals (serial, count, first_at, recent) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (serial) DO UPDATE SET count = excluded.count, first_at = excluded.first_at, recent = excluded.recent
            """);
        // In key order: consecutive codes share pages, so each page is found, changed and left once, not once per
        // scan at random (a count touches most of the table's pages when many codes were scanned).
        foreach (var (serial, added) in ByCode(scans).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            row.Bind(1, serial);
            long count = 0;
            string? first = null;
            byte[] recent;
            try
            {
                if (!row.Step())
                {
                    recent = ScanHistory.MergeBinary([], added, keep);
                }
                else
                {
                    (count, first) = (row.Int64(0), row.Text(1));
                    // A row last written before the binary encoding holds JSON text: read once, written back binary.
                    recent = row.IsBlob(2)
                        ? ScanHistory.MergeBinary(row.Blob(2), added, keep)
                        : ScanHistory.MergeBinary(ScanHistory.WriteBinary(ScanHistory.Read(row.Text(2) ?? ScanHistory.Empty)), added, keep);
                }
            }
            finally
            {
                row.Reset();
            }

            var firstAdded = DbTime.ToText(added.Min(s => s.At));
            write.Bind(1, serial);
            write.Bind(2, count + added.Count);
            write.Bind(3, first is not null && string.CompareOrdinal(first, firstAdded) <= 0 ? first : firstAdded);
            write.Bind(4, recent);
            write.Run();
        }

        using var move = new RawStatement(c, "UPDATE scan_totals_through SET id = ?1");
        move.Bind(1, last);
        move.Run();
        return scans.Count;
    }

    private static Dictionary<string, List<ScanEntry>> ByCode(IReadOnlyList<(string Serial, ScanEntry Scan)> scans)
    {
        var byCode = new Dictionary<string, List<ScanEntry>>(StringComparer.Ordinal);
        foreach (var (serial, scan) in scans)
        {
            if (!byCode.TryGetValue(serial, out var list))
            {
                byCode[serial] = list = [];
            }

            list.Add(scan);
        }

        return byCode;
    }
}
