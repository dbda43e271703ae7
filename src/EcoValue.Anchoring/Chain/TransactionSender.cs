using System.Collections.Concurrent;
using EcoValue.Anchoring.Contracts;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Anchoring.Chain;

/// <summary>
/// Sends contract calls from one account and waits for them: simulate (eth_call, so a revert costs nothing and is
/// reported with its decoded reason), estimate gas, sign an EIP-1559 transaction, send, wait for the receipt.
/// <para>Nonces: one transaction in flight per account and chain in this process. A process-wide lock per
/// (chain id, address) is held from the nonce read (the chain's <c>pending</c> count) to the receipt, so concurrent
/// callers queue and never race for a nonce, however many senders are built over the same key. This is meant for the
/// licence relayer, whose transactions are few; it is why the relayer has its own key: the anchoring worker manages
/// the service key's nonces itself (persisted, with fee-bumped replacements) and must never share them. Another
/// process sending from the same key is not coordinated with: run one relayer process per key.</para>
/// <para>A transaction whose receipt does not arrive in time leaves <see cref="TimeoutException"/>; it may still be
/// mined, and the next send takes the nonce after it (no fee-bump replacement here).</para>
/// </summary>
public sealed class TransactionSender(ChainAccount account, FeeEstimator fees, TimeSpan? receiptTimeout = null)
{
    private static readonly ConcurrentDictionary<(ulong ChainId, Address Address), SemaphoreSlim> Locks = new();

    private readonly TimeSpan _receiptTimeout = receiptTimeout ?? TimeSpan.FromMinutes(2);

    public Address Address => account.Address;

    public ChainAccount Account => account;

    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="to"/> and returns the successful receipt. A revert is a
    /// <see cref="ContractRevertException"/> decoded with <paramref name="errors"/>: at simulation (nothing sent) or,
    /// if the state changed in between, from the mined transaction (its reason recovered by replaying the call on
    /// the state after its block).
    /// </summary>
    /// <param name="function">Names the call in errors, e.g. <c>LicenceRegistry.issueLicence</c>.</param>
    public Task<Receipt> SendAsync(Address to, byte[] data, ContractErrors errors, string function, CancellationToken ct = default) =>
        SendAsync(to, data, errors, function, null, ct);

    /// <summary>As <see cref="SendAsync(Address, byte[], ContractErrors, string, CancellationToken)"/>, telling the caller the transaction's hash before it is broadcast.</summary>
    /// <param name="beforeBroadcast">
    /// Called with the signed transaction's hash after simulation and before it is broadcast, so an outbox can record
    /// it first: should the process stop while the transaction is in flight, its fate is read from the chain by that
    /// hash instead of sending the call again. An exception from it aborts the send (nothing is broadcast).
    /// </param>
    public async Task<Receipt> SendAsync(Address to, byte[] data, ContractErrors errors, string function, Func<byte[], CancellationToken, Task>? beforeBroadcast, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(errors);
        var eth = account.Eth;
        var gate = Locks.GetOrAdd((account.ChainId, account.Address), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var call = new CallRequest { From = account.Address, To = to, Data = data };
            ulong gas;
            try
            {
                await eth.CallAsync(call, BlockParameter.Latest, ct).ConfigureAwait(false);
                gas = await account.EstimateGasAsync(to, data, ct).ConfigureAwait(false);
            }
            catch (RpcException e) when (IsRevert(e))
            {
                throw Revert(function, RevertStage.Simulation, e, errors, null);
            }

            var nonce = await eth.GetTransactionCountAsync(account.Address, BlockParameter.Pending, ct).ConfigureAwait(false);
            var tx = account.Sign(to, data, nonce, gas, await fees.EstimateAsync(ct).ConfigureAwait(false));
            if (beforeBroadcast is not null)
            {
                await beforeBroadcast(tx.GetHash(), ct).ConfigureAwait(false);
            }

            var hash = await eth.SendRawTransactionAsync(tx.Encode(), ct).ConfigureAwait(false);
            var receipt = await eth.WaitForReceiptAsync(hash, _receiptTimeout, ct).ConfigureAwait(false);
            if (receipt.Succeeded)
            {
                return receipt;
            }

            // Replay on the state after its block to learn why: the failed transaction changed nothing, and whatever
            // made it fail (an earlier transaction, in this block or before) is in that state. Should a later
            // transaction in the block have undone the cause, the replay succeeds and the reason stays unknown.
            try
            {
                await eth.CallAsync(call, BlockParameter.FromNumber(receipt.BlockNumber), ct).ConfigureAwait(false);
            }
            catch (RpcException e) when (IsRevert(e))
            {
                throw Revert(function, RevertStage.Mined, e, errors, hash);
            }

            throw new ContractRevertException(function, RevertStage.Mined, [], null, hash);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Execution reverted (code 3 with data on geth/anvil/Besu; some nodes say so only in the message).</summary>
    private static bool IsRevert(RpcException e) =>
        e.Code == 3 || e.RevertData is not null || e.RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase);

    private static ContractRevertException Revert(string function, RevertStage stage, RpcException e, ContractErrors errors, byte[]? hash)
    {
        var data = e.RevertData ?? [];
        return new ContractRevertException(function, stage, data, errors.Decode(data), hash);
    }
}
