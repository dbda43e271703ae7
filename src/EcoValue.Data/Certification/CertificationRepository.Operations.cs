namespace EcoValue.Data.Certification;

public sealed partial class CertificationRepository
{
    /// <summary>
    /// The newest operation of each subject (brand:…, licence:…, accreditation:…) that has one: what a list response
    /// shows as the entry's chain state, read in one query rather than one per row.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ChainOperationRow>> LatestOperationsAsync(IReadOnlyCollection<string> subjects, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count == 0)
        {
            return new Dictionary<string, ChainOperationRow>(StringComparer.Ordinal);
        }

        var rows = await ListAsync<ChainOperationRow>(OperationSelect
            + $" WHERE id IN (SELECT max(id) FROM chain_operations WHERE subject IN ({database.Sql.JsonArrayValues("@subjects")}) GROUP BY subject)",
            new { subjects = System.Text.Json.JsonSerializer.Serialize(subjects) }, ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Subject, StringComparer.Ordinal);
    }

    /// <summary>One operation by id, or null.</summary>
    public Task<ChainOperationRow?> GetOperationAsync(long id, CancellationToken ct = default) =>
        SingleAsync<ChainOperationRow>(OperationSelect + " WHERE id = @id", new { id }, ct);
}
