using System.Data.Common;
using System.Text;
using Dapper;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;

namespace EcoValue.Data.Registry;

/// <summary>
/// The registry: producers, plots, batches, field events and lab results. Every write appends its record(s) and moves
/// the projection rows in one IMMEDIATE transaction, so a failure leaves nothing half-written and two corrections of
/// one entry cannot both win. Reads take a <see cref="Scope"/>: a farmer's queries are confined to its producer in
/// SQL, so another producer's rows are simply not found (404, never 403: their existence is not revealed).
/// </summary>
public sealed partial class RegistryRepository(Database database)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Runs <paramref name="body"/> in one IMMEDIATE transaction: it reads and writes projection rows and returns the
    /// records that justify them, which are appended before the commit. Constraint violations become
    /// <see cref="RegistryConflictException"/>.
    /// </summary>
    public Task<T> MutateAsync<T>(Func<DbConnection, DbTransaction, Task<(T Result, IReadOnlyList<RecordEnvelope> Records)>> body, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return WriteAsync(async (c, tx) =>
        {
            var (result, records) = await body(c, tx).ConfigureAwait(false);
            await RecordRepository.AppendAsync(c, tx, [.. records.Select(RecordRow.From)], ct).ConfigureAwait(false);
            return result;
        }, ct);
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one IMMEDIATE transaction (<see cref="Database.WriteAsync"/>) and
    /// commits; constraint violations become <see cref="RegistryConflictException"/>.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> body, CancellationToken ct)
    {
        // IMMEDIATE: the write lock is taken before the current version is read, so two corrections cannot both win.
        try
        {
            return await database.WriteAsync(body, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (database.IsUniqueViolation(e, out var detail))
        {
            throw new RegistryConflictException(ConflictName(detail), detail);
        }
    }

    private static string ConflictName(string message) =>
        message.Contains("credit_code", StringComparison.Ordinal) ? "credit_code"
        : message.Contains("gtin", StringComparison.Ordinal) ? "gtin_lot"
        : message.Contains("epcis_event_id", StringComparison.Ordinal) ? "epcis_event_id"
        : "unique";

    internal static string Now() => DbTime.Now();

    /// <summary>The current version of a row in scope, or null when it does not exist for this caller.</summary>
    internal static async Task<(string RecordId, long Version)?> CurrentAsync(DbConnection c, DbTransaction tx, string table, string id, Scope scope, CancellationToken ct)
    {
        var scopeColumn = table == "producers" ? "id" : "producer_id";
        var sql = $"SELECT record_id, version FROM {table} WHERE id = @id" + (scope.ProducerId is null ? string.Empty : $" AND {scopeColumn} = @scope");
        var row = await c.QuerySingleOrDefaultAsync<(string, long)?>(new CommandDefinition(sql, new { id, scope = scope.ProducerId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return row;
    }

    /// <summary>Checks an If-Match version against the current one.</summary>
    internal static void CheckVersion(long? expected, long actual)
    {
        if (expected is { } e && e != actual)
        {
            throw new RegistryVersionException(e, actual);
        }
    }

    // The anchoring state of a row's newest record: its Merkle batch's status (null while the record waits for a tree).
    // A plain column, not a CASE expression: SQLite reports no type for expressions, which breaks mapping of empty pages.
    internal const string AnchoringColumn = "ab.status AS Anchoring";

    /// <summary>Joins each row's newest record and its anchor batch (aliases r and ab) for <see cref="AnchoringColumn"/>.</summary>
    internal const string AnchoringJoin = " LEFT JOIN records r ON r.id = t.record_id LEFT JOIN anchor_batches ab ON ab.id = r.batch_id";

    /// <summary>Builds "WHERE … AND id > @after ORDER BY id LIMIT @limit" for a keyset page (one row more, to know if there is a next page).</summary>
    internal sealed class Query(string select)
    {
        private readonly StringBuilder _where = new();

        public DynamicParameters Parameters { get; } = new();

        public Query Where(string condition, string name, object? value)
        {
            _where.Append(_where.Length == 0 ? " WHERE " : " AND ").Append(condition);
            Parameters.Add(name, value);
            return this;
        }

        public Query WhereIf(bool when, string condition, string name, object? value) => when ? Where(condition, name, value) : this;

        /// <summary>Substring search with LIKE (case-insensitive for ASCII only, as SQLite's LIKE is); its wildcards are escaped, so "50%" finds "50%".</summary>
        public Query Contains(string? text, string column, string name)
        {
            if (string.IsNullOrEmpty(text))
            {
                return this;
            }

            var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            return Where($"{column} LIKE @{name} ESCAPE '\\'", name, "%" + escaped + "%");
        }

        public string Sql(string? after, int limit)
        {
            if (after is not null)
            {
                _where.Append(_where.Length == 0 ? " WHERE " : " AND ").Append("t.id > @after");
                Parameters.Add("after", after);
            }

            Parameters.Add("limit", limit + 1);
            return select + _where + " ORDER BY t.id LIMIT @limit";
        }
    }

    internal async Task<Page<T>> PageAsync<T>(Query query, string? after, int limit, Func<T, string> id, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<T>(new CommandDefinition(query.Sql(after, limit), query.Parameters, cancellationToken: ct)).ConfigureAwait(false)).AsList();
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return new Page<T>(rows, more ? id(rows[^1]) : null);
    }

    internal async Task<T?> SingleAsync<T>(string sql, object parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
    }
}
