using System.Numerics;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// Development-chain controls of anvil (Foundry 1.7.1; the evm_* ones also exist on Hardhat): mining, snapshots,
/// dropping pool transactions, reorgs, balances and sending from unlocked dev accounts. For tests and the dev
/// profile only; a production node refuses these methods.
/// </summary>
public sealed class AnvilClient(JsonRpcClient rpc)
{
    public JsonRpcClient Rpc { get; } = rpc ?? throw new ArgumentNullException(nameof(rpc));

    /// <summary>Mines one block now (evm_mine), whatever the automine setting.</summary>
    public Task MineAsync(CancellationToken ct = default) => Rpc.SendAsync<JsonElement>("evm_mine", [], ct);

    /// <summary>Mines <paramref name="blocks"/> blocks now (anvil_mine).</summary>
    public Task MineAsync(ulong blocks, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blocks);
        return Rpc.SendAsync<JsonElement>("anvil_mine", [Hex.EncodeQuantity(blocks)], ct);
    }

    /// <summary>With automine off, sent transactions wait in the pool until a block is mined explicitly.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken ct = default) =>
        Rpc.SendAsync<JsonElement>("evm_setAutomine", [enabled], ct);

    /// <summary>Snapshots the whole chain state; returns the id for <see cref="RevertAsync"/>.</summary>
    public async Task<BigInteger> SnapshotAsync(CancellationToken ct = default) =>
        RpcJson.Quantity(await Rpc.SendAsync<JsonElement>("evm_snapshot", [], ct).ConfigureAwait(false), "evm_snapshot", "result");

    /// <summary>Restores a snapshot (which is then used up); false when the id is unknown.</summary>
    public async Task<bool> RevertAsync(BigInteger snapshotId, CancellationToken ct = default) =>
        await Rpc.SendAsync<bool>("evm_revert", [Hex.EncodeQuantity(snapshotId)], ct).ConfigureAwait(false);

    /// <summary>Removes a transaction from the pool, as if the node had lost it; false when it was not in the pool.</summary>
    public async Task<bool> DropTransactionAsync(byte[] transactionHash, CancellationToken ct = default)
    {
        // anvil answers with the dropped transaction's hash, or null when the pool did not hold it.
        var result = await Rpc.SendAsync<JsonElement>("anvil_dropTransaction", [Hex.Encode(EthClient.Check32(transactionHash))], ct).ConfigureAwait(false);
        return result.ValueKind != JsonValueKind.Null;
    }

    /// <summary>
    /// Replaces the newest <paramref name="depth"/> blocks with as many new ones (anvil_reorg), optionally holding
    /// the given transactions. Whatever those blocks held before is dropped, not returned to the pool (as in a real reorg
    /// whose transactions are not re-broadcast).
    /// </summary>
    public Task ReorgAsync(ulong depth, IReadOnlyList<ReorgTransaction>? transactions = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(depth);
        var pairs = new List<object?[]>();
        foreach (var t in transactions ?? [])
        {
            if (t.BlockOffset >= depth)
            {
                throw new ArgumentException($"block offset {t.BlockOffset} is outside the {depth} reorganised blocks", nameof(transactions));
            }

            pairs.Add([t.Raw is { } raw ? Hex.Encode(raw) : t.Request!.ToJson(), t.BlockOffset]);
        }

        // anvil 1.7.1 takes ReorgOptions as a positional pair: [depth, [[tx, blockIndex], …]].
        return Rpc.SendAsync<JsonElement>("anvil_reorg", [depth, pairs], ct);
    }

    public Task SetBalanceAsync(Address address, BigInteger wei, CancellationToken ct = default) =>
        Rpc.SendAsync<JsonElement>("anvil_setBalance", [address.ToLowerHex(), Hex.EncodeQuantity(wei)], ct);

    /// <summary>eth_sendTransaction from an unlocked dev account (the node signs); returns the transaction hash.</summary>
    public async Task<byte[]> SendTransactionAsync(CallRequest transaction, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.From is null)
        {
            throw new ArgumentException("eth_sendTransaction needs a From account", nameof(transaction));
        }

        const string method = "eth_sendTransaction";
        return RpcJson.Hash(await Rpc.SendAsync<JsonElement>(method, [transaction.ToJson()], ct).ConfigureAwait(false), method, "result");
    }
}

/// <summary>A transaction to place in a reorganised block: signed bytes or a request from an unlocked account.</summary>
public sealed record ReorgTransaction
{
    private ReorgTransaction(byte[]? raw, CallRequest? request, ulong blockOffset)
    {
        Raw = raw;
        Request = request;
        BlockOffset = blockOffset;
    }

    public byte[]? Raw { get; }

    public CallRequest? Request { get; }

    /// <summary>Which new block holds it: 0 is the first replaced block.</summary>
    public ulong BlockOffset { get; }

    public static ReorgTransaction Signed(byte[] raw, ulong blockOffset) => new(raw ?? throw new ArgumentNullException(nameof(raw)), null, blockOffset);

    public static ReorgTransaction FromAccount(CallRequest request, ulong blockOffset) => new(null, request ?? throw new ArgumentNullException(nameof(request)), blockOffset);
}
