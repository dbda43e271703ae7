using System.Data.Common;
using Dapper;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;

namespace EcoValue.Data.Certification;

/// <summary>
/// Brands, accreditations, certifier keys, applications, licences, brand claims and the chain-operation outbox
/// (docs/certification-workflow.md). Every decision writes its rows, appends its record(s) and queues its chain
/// operation in one transaction on the write queue: nothing is half-written, and the relayer only ever sends what
/// was committed. Reads of applications and licences take a <see cref="CertificationScope"/>; out of scope is null.
/// </summary>
public sealed partial class CertificationRepository(Database database)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Runs <paramref name="body"/> in one write transaction; it returns its result, the records to append and the
    /// chain operations to queue, all committed together.
    /// </summary>
    private Task<T> MutateAsync<T>(Func<DbConnection, DbTransaction, Task<(T Result, IReadOnlyList<RecordEnvelope> Records, IReadOnlyList<NewChainOperation> Operations)>> body, CancellationToken ct)
    {
        return database.WriteAsync(async (c, tx) =>
        {
            var (result, records, operations) = await body(c, tx).ConfigureAwait(false);
            if (records.Count > 0)
            {
                await RecordRepository.AppendAsync(c, tx, [.. records.Select(RecordRow.From)], ct).ConfigureAwait(false);
            }

            foreach (var op in operations)
            {
                await InsertOperationAsync(c, tx, op, ct).ConfigureAwait(false);
            }

            return result;
        }, ct);
    }

    private static string Now() => DbTime.Now();

    private async Task<T?> SingleAsync<T>(string sql, object? parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, object? parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return [.. await connection.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false)];
    }

    /// <summary>SQL condition limiting rows with <c>producer_id</c> and <c>brand_id</c> columns (alias t) to a scope.</summary>
    private static string ScopeCondition(CertificationScope scope) =>
        scope.ProducerId is not null ? " AND t.producer_id = @scopeProducer"
        : scope.CertifierUserId is not null ? " AND t.brand_id IN (SELECT brand_id FROM accreditations WHERE user_id = @scopeCertifier AND status = 'active')"
        : string.Empty;

    private static void AddScope(DynamicParameters parameters, CertificationScope scope)
    {
        parameters.Add("scopeProducer", scope.ProducerId);
        parameters.Add("scopeCertifier", scope.CertifierUserId);
    }
}
