using EcoValue.Anchoring.Contracts;
using EcoValue.Data.Certification;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Api.Features.Certification;

/// <summary>What one pass of the relayer did.</summary>
public enum RelayStep
{
    /// <summary>No open operation.</summary>
    Idle,

    /// <summary>An operation reached the chain (or the chain already held its effect).</summary>
    Confirmed,

    /// <summary>An operation was refused by the contract (or unreadable) and marked failed; the next one is free to go.</summary>
    Failed,

    /// <summary>An operation's transaction is in the node's pool: its receipt is awaited on a later pass.</summary>
    Waiting,

    /// <summary>An operation's transaction was dropped by the node: it is pending again and will be resent.</summary>
    Requeued,
}

/// <summary>
/// Sends the certification outbox to LicenceRegistry, strictly oldest first (a certifier's EIP-712 nonces must reach
/// the chain in order): simulate, record the transaction hash (<c>sent</c>), broadcast, and mark <c>confirmed</c>
/// with its block, or <c>failed</c> with the contract's decoded custom error (e.g. <c>CertifierNotAccredited</c>).
/// A <c>sent</c> operation found after a restart is settled from its receipt. Node trouble (transport errors,
/// timeouts) leaves the operation as it is and propagates, so the hosted loop backs off and tries again: nothing is
/// lost and nothing sent twice. Tests call <see cref="RunOnceAsync"/> directly.
/// </summary>
public sealed class LicenceRelayer(CertificationRepository repo, EthClient eth, LicenceRegistryClient client)
{
    public LicenceRegistryClient Client => client;

    public async Task<RelayStep> RunOnceAsync(CancellationToken ct)
    {
        if (await repo.NextOpenOperationAsync(ct).ConfigureAwait(false) is not { } operation)
        {
            return RelayStep.Idle;
        }

        if (operation is { Status: "sent", TxHash: { } sentHash })
        {
            return await SettleAsync(operation, Hex.Decode(sentHash), ct).ConfigureAwait(false);
        }

        try
        {
            var sender = client.WithBeforeBroadcast((hash, token) => repo.MarkOperationAsync(operation.Id, "sent", Hex.Encode(hash), null, null, token));
            var receipt = await ChainOperations.SendAsync(operation, sender, ct).ConfigureAwait(false);
            await repo.MarkOperationAsync(operation.Id, "confirmed", receipt is null ? null : Hex.Encode(receipt.TransactionHash),
                receipt is null ? null : (long)receipt.BlockNumber, receipt is null ? "already on chain" : null, ct).ConfigureAwait(false);
            return RelayStep.Confirmed;
        }
        catch (ContractRevertException e)
        {
            await repo.MarkOperationAsync(operation.Id, "failed", e.TransactionHash is { } tx ? Hex.Encode(tx) : null, null, ErrorText(e), ct).ConfigureAwait(false);
            return RelayStep.Failed;
        }
        catch (FormatException e)
        {
            await repo.MarkOperationAsync(operation.Id, "failed", null, null, "payload: " + e.Message, ct).ConfigureAwait(false);
            return RelayStep.Failed;
        }
    }

    /// <summary>The error column: the custom error with its arguments, its name first (what clients switch on), e.g. <c>CertifierNotAccredited(brandId=0x…, certifier=0x…)</c>.</summary>
    public static string ErrorText(ContractRevertException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Error?.ToString() ?? e.Message;
    }

    /// <summary>A transaction recorded as sent: confirmed or failed by its receipt, awaited while pooled, resent when dropped.</summary>
    private async Task<RelayStep> SettleAsync(ChainOperationRow operation, byte[] hash, CancellationToken ct)
    {
        var receipt = await eth.GetTransactionReceiptAsync(hash, ct).ConfigureAwait(false);
        if (receipt is null)
        {
            if (await eth.GetTransactionByHashAsync(hash, ct).ConfigureAwait(false) is not null)
            {
                return RelayStep.Waiting;
            }

            // Never mined and no longer known (a restarted node, a pruned pool): send it again, simulated afresh.
            await repo.MarkOperationAsync(operation.Id, "pending", null, null, "transaction dropped by the node; resending", ct).ConfigureAwait(false);
            return RelayStep.Requeued;
        }

        if (receipt.Succeeded)
        {
            await repo.MarkOperationAsync(operation.Id, "confirmed", null, (long)receipt.BlockNumber, null, ct).ConfigureAwait(false);
            return RelayStep.Confirmed;
        }

        await repo.MarkOperationAsync(operation.Id, "failed", null, (long)receipt.BlockNumber, await MinedRevertAsync(hash, receipt, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return RelayStep.Failed;
    }

    /// <summary>Why a mined transaction failed: its call replayed on the state after its block, decoded with the contract's ABI.</summary>
    private async Task<string> MinedRevertAsync(byte[] hash, Receipt receipt, CancellationToken ct)
    {
        var tx = await eth.GetTransactionByHashAsync(hash, ct).ConfigureAwait(false);
        if (tx is null)
        {
            return "reverted in a mined transaction (reason unknown)";
        }

        try
        {
            await eth.CallAsync(new CallRequest { From = tx.From, To = tx.To, Data = tx.Input }, BlockParameter.FromNumber(receipt.BlockNumber), ct).ConfigureAwait(false);
            return "reverted in a mined transaction (the replay succeeds: reason unknown)";
        }
        catch (RpcException e) when (e.RevertData is { } data)
        {
            return ErrorText(new ContractRevertException("LicenceRegistry", RevertStage.Mined, data, LicenceRegistryClient.Errors.Decode(data), hash));
        }
    }
}
