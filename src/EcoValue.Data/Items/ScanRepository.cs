using EcoValue.Domain.Verification;

namespace EcoValue.Data.Items;

/// <summary>What the scan log holds for one serial: the newest scans (newest first), how many there are, and the first.</summary>
public sealed record ScanHistory(IReadOnlyList<ScanEntry> Recent, long Count, DateTimeOffset? FirstAt);

/// <summary>
/// The scan log (table scans): written in batches by the service's buffered scan writer, read by the clone rules one
/// serial at a time through the (serial, at) index. Private: it never leaves the service except as counts and reasons.
/// </summary>
public sealed class ScanRepository(SqliteDatabase database)
{
    /// <summary>Appends scans in one write (the buffered writer hands over up to a few hundred at a time).</summary>
    public Task AppendAsync(IReadOnlyList<(string Serial, ScanEntry Scan)> scans, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scans);
        if (scans.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.WriteAsync<object?>((c, _) =>
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

            return Task.FromResult<object?>(null);
        }, ct);
    }

    /// <summary>The newest <paramref name="limit"/> scans of a serial, its scan count and its first scan.</summary>
    public async Task<ScanHistory> HistoryAsync(string serial, int limit, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        using var command = c.CreateCommand();
        command.CommandText = """
            SELECT at, scanner_hash, lat, lon, place FROM scans WHERE serial = $serial ORDER BY at DESC LIMIT $limit;
            SELECT count(*), min(at) FROM scans WHERE serial = $serial;
            """;
        command.Parameters.AddWithValue("$serial", serial);
        command.Parameters.AddWithValue("$limit", limit);
        var recent = new List<ScanEntry>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            recent.Add(new ScanEntry(DbTime.Parse(r.GetString(0)), r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetString(4)));
        }

        await r.NextResultAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return new ScanHistory(recent, r.GetInt64(0), r.IsDBNull(1) ? null : DbTime.Parse(r.GetString(1)));
    }
}
