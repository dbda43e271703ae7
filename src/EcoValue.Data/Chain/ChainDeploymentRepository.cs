using Dapper;

namespace EcoValue.Data.Chain;

/// <summary>A contract deployment as stored: addresses are lower-case hex, hashes raw 32 bytes.</summary>
public sealed record ChainDeploymentRow(
    long ChainId,
    string Contract,
    string Address,
    byte[] CodeHash,
    byte[] DeployTx,
    long DeployBlock,
    byte[] GenesisHash,
    string DeployedAt);

/// <summary>Where our contracts live per chain (table chain_deployments).</summary>
public sealed class ChainDeploymentRepository(Database database)
{
    /// <summary>Records a deployment; a second deployment of the same contract on the same chain replaces the first
    /// (a dev chain reset followed by a redeploy) — the replaced row is returned so the caller can report it.</summary>
    public async Task<ChainDeploymentRow?> SaveAsync(ChainDeploymentRow row, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var previous = await connection.QuerySingleOrDefaultAsync<ChainDeploymentRow>(new CommandDefinition(SelectOne, new { row.ChainId, row.Contract }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO chain_deployments (chain_id, contract, address, code_hash, deploy_tx, deploy_block, genesis_hash, deployed_at)
            VALUES (@ChainId, @Contract, @Address, @CodeHash, @DeployTx, @DeployBlock, @GenesisHash, @DeployedAt)
            ON CONFLICT (chain_id, contract) DO UPDATE SET
                address = excluded.address, code_hash = excluded.code_hash, deploy_tx = excluded.deploy_tx,
                deploy_block = excluded.deploy_block, genesis_hash = excluded.genesis_hash, deployed_at = excluded.deployed_at
            """, row, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return previous;
    }

    public async Task<ChainDeploymentRow?> GetAsync(long chainId, string contract, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<ChainDeploymentRow>(new CommandDefinition(SelectOne, new { ChainId = chainId, Contract = contract }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChainDeploymentRow>> ListAsync(long chainId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        var rows = await connection.QueryAsync<ChainDeploymentRow>(new CommandDefinition(
            SelectAll + " WHERE chain_id = @ChainId ORDER BY contract", new { ChainId = chainId }, cancellationToken: ct)).ConfigureAwait(false);
        return [.. rows];
    }

    private const string SelectAll = """
        SELECT chain_id AS ChainId, contract AS Contract, address AS Address, code_hash AS CodeHash, deploy_tx AS DeployTx,
               deploy_block AS DeployBlock, genesis_hash AS GenesisHash, deployed_at AS DeployedAt
        FROM chain_deployments
        """;

    private const string SelectOne = SelectAll + " WHERE chain_id = @ChainId AND contract = @Contract";
}
