using EcoValue.Domain.Verification;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Items;

/// <summary>
/// The scan log (table scans): written in batches by the service's buffered scan writer, with each serial's totals
/// (scan_totals) in the same write; read by the clone rules one serial at a time through the (serial, at, …) covering
/// index, with the item in one statement (<see cref="ItemRepository.GetItemWithScansAsync"/>). Private: it never leaves the service except as counts and reasons.
/// </summary>
public sealed class ScanRepository(Database database)
{
    /// <summary>Appends scans in one write (the buffered writer hands over up to FlushCount at a time), each serial's totals with them.</summary>
    public Task AppendAsync(IReadOnlyList<(string Serial, ScanEntry Scan)> scans, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scans);
        if (scans.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.WriteAsync<object?>(async (connection, tx) =>
        {
            if (connection is not SqliteConnection c)
            {
                await PostgresBulk.AppendScansAsync(connection, tx, [.. scans.Select(s => (s.Serial, DbTime.ToText(s.Scan.At), s.Scan.Scanner, s.Scan.Latitude, s.Scan.Longitude, s.Scan.Place))], ct).ConfigureAwait(false);
                return null;
            }

            using var insert = new RawStatement(c, "INSERT INTO scans (serial, at, scanner_hash, lat, lon, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            using var total = new RawStatement(c, """
                INSERT INTO scan_totals (serial, count, first_at) VALUES (?1, 1, ?2)
                ON CONFLICT (serial) DO UPDATE SET count = count + 1, first_at = min(first_at, excluded.first_at)
                """);
            foreach (var (serial, scan) in scans)
            {
                var at = DbTime.ToText(scan.At);
                insert.Bind(1, serial);
                insert.Bind(2, at);
                insert.Bind(3, scan.Scanner);
                insert.Bind(4, scan.Latitude);
                insert.Bind(5, scan.Longitude);
                insert.Bind(6, scan.Place);
                insert.Run();
                total.Bind(1, serial);
                total.Bind(2, at);
                total.Run();
            }

            return null;
        }, ct);
    }
}
