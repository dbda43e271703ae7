using System.Runtime.CompilerServices;

namespace EcoValue.Data.Items;

/// <summary>
/// What a label run of a batch prints (docs/labels.md): the sheet header and counts read at one moment, and the
/// batch's printable serials (issued, not withdrawn) streamed in issue order, page by page, up to the last position
/// issued at that moment.
/// </summary>
/// <param name="LastPosition">The highest item position issued when the facts were read (-1 for none): codes issued later do not join a run already counted.</param>
public sealed record LabelBatchRow(
    string BatchId, string Gtin, string Lot, string Product, string ProducerName, string? BrandNameZh, long Issued, long Printable, long LastPosition);

public sealed partial class ItemRepository
{
    /// <summary>Serials read per query while streaming labels: one short read per page, so no reader or snapshot is held for a whole download.</summary>
    public const int LabelPageSize = 1_000;

    /// <summary>A batch's label facts (no scope check: callers look the batch up in scope first); null for no such batch.</summary>
    public async Task<LabelBatchRow?> GetLabelBatchAsync(string batchId, CancellationToken ct = default)
    {
        await using var c = await database.OpenAsync(ct).ConfigureAwait(false);
        // One statement, so one snapshot: the counts and the last position belong to one moment.
        using var command = c.CreateCommand();
        command.CommandText = """
            SELECT b.id, b.gtin, b.lot, b.product, p.name,
                   (SELECT br.name_zh FROM brand_claims k JOIN brands br ON br.id = k.brand_id WHERE k.batch_id = b.id LIMIT 1),
                   (SELECT count(*) FROM items WHERE batch_id = b.id),
                   (SELECT count(*) FROM items WHERE batch_id = b.id AND withdrawn_record_id IS NULL),
                   (SELECT coalesce(max(position), -1) FROM items WHERE batch_id = b.id)
            FROM batches b JOIN producers p ON p.id = b.producer_id
            WHERE b.id = @batch
            """;
        command.AddParameter("@batch", batchId);
        await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return new LabelBatchRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
            r.GetInt64(6), r.GetInt64(7), r.GetInt64(8));
    }

    /// <summary>
    /// The batch's serials that are issued and not withdrawn, in issue order, up to <see cref="LabelBatchRow.LastPosition"/>.
    /// Read <see cref="LabelPageSize"/> at a time (keyset on position, one connection per page), so memory holds one page
    /// however many codes the batch has and a slow consumer (an HTTP client) keeps no read transaction open.
    /// </summary>
    public async IAsyncEnumerable<string> PrintableSerialsAsync(LabelBatchRow batch, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var after = -1L;
        var page = new List<string>(LabelPageSize);
        while (after < batch.LastPosition)
        {
            page.Clear();
            await using (var c = await database.OpenAsync(ct).ConfigureAwait(false))
            {
                using var command = c.CreateCommand();
                // Withdrawn items are skipped in SQL but still advance the cursor, so a page of them ends no run early.
                command.CommandText = """
                    SELECT serial, position, withdrawn_record_id FROM items
                    WHERE batch_id = @batch AND position > @after AND position <= @last ORDER BY position LIMIT @limit
                    """;
                command.AddParameter("@batch", batch.BatchId);
                command.AddParameter("@after", after);
                command.AddParameter("@last", batch.LastPosition);
                command.AddParameter("@limit", LabelPageSize);
                await using var r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var read = 0;
                while (await r.ReadAsync(ct).ConfigureAwait(false))
                {
                    read++;
                    after = r.GetInt64(1);
                    if (r.IsDBNull(2))
                    {
                        page.Add(r.GetString(0));
                    }
                }

                if (read == 0)
                {
                    yield break;
                }
            }

            foreach (var serial in page)
            {
                yield return serial;
            }
        }
    }
}
