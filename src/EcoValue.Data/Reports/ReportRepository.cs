using System.Data;
using System.Data.Common;

namespace EcoValue.Data.Reports;

/// <summary>A saved report as a list shows it (no document).</summary>
public sealed record ReportSummaryRow(string Id, string OwnerId, string CreatedAt, int Total, string ByStatus, string? Label);

/// <summary>
/// Saved bulk verification reports (table verification_reports): each kept as the exact signed bytes the buyer
/// received, readable by its owner only. Ids are UUIDv7, so id order is creation order and pages are keyset pages on it.
/// </summary>
public sealed class ReportRepository(Database database)
{
    public const int MaxPageSize = 100;

    public Task SaveAsync(ReportSummaryRow row, byte[] document, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(document);
        return database.WriteAsync<object?>(async (c, tx) =>
        {
            using var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                INSERT INTO verification_reports (id, owner_id, created_at, total, by_status, label, document)
                VALUES (@id, @owner, @at, @total, @by, @label, @doc)
                """;
            command.AddParameter("@id", row.Id);
            command.AddParameter("@owner", row.OwnerId);
            command.AddParameter("@at", row.CreatedAt);
            command.AddParameter("@total", row.Total);
            command.AddParameter("@by", row.ByStatus);
            command.AddParameter("@label", (object?)row.Label ?? DBNull.Value);
            command.AddParameter("@doc", document).DbType = DbType.Binary; // a BLOB, as SqliteType.Blob was
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return null;
        }, ct);
    }

    /// <summary>The report's bytes when <paramref name="ownerId"/> owns it; null otherwise (someone else's report is as absent as a missing one).</summary>
    public async Task<(ReportSummaryRow Row, byte[] Document)?> GetAsync(string id, string ownerId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id, owner_id, created_at, total, by_status, label, document FROM verification_reports WHERE id = @id AND owner_id = @owner";
        command.AddParameter("@id", id);
        command.AddParameter("@owner", ownerId);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return (Read(r), (byte[])r.GetValue(6));
    }

    /// <summary>The owner's reports, newest first, after the cursor <paramref name="before"/> (an id); <c>Next</c> is the next page's cursor.</summary>
    public async Task<(IReadOnlyList<ReportSummaryRow> Items, string? Next)> ListAsync(string ownerId, string? before, int limit, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        using var command = c.CreateCommand();
        command.CommandText = """
            SELECT id, owner_id, created_at, total, by_status, label FROM verification_reports
            WHERE owner_id = @owner AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit
            """;
        command.AddParameter("@owner", ownerId);
        command.AddParameter("@before", (object?)before ?? DBNull.Value).DbType = DbType.String; // typed when null (PostgreSQL cannot infer it from IS NULL)
        command.AddParameter("@limit", limit + 1);
        var items = new List<ReportSummaryRow>();
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            items.Add(Read(r));
        }

        if (items.Count <= limit)
        {
            return (items, null);
        }

        items.RemoveAt(limit);
        return (items, items[^1].Id);
    }

    private static ReportSummaryRow Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5));
}
