using System.Numerics;
using System.Text.Json;

namespace EcoValue.Ethereum.Rpc;

/// <summary>
/// Typed <c>eth_*</c> calls (execution-apis) over a <see cref="JsonRpcClient"/>, named after Nethereum's <c>Eth.*</c>.
/// Results are parsed strictly; a node answer of the wrong shape is an <see cref="RpcResponseFormatException"/>.
/// </summary>
public sealed class EthClient(JsonRpcClient rpc)
{
    public JsonRpcClient Rpc { get; } = rpc ?? throw new ArgumentNullException(nameof(rpc));

    /// <summary>EIP-695 chain id.</summary>
    public async Task<ulong> ChainIdAsync(CancellationToken ct = default) =>
        RpcJson.UInt64(await Raw("eth_chainId", [], ct).ConfigureAwait(false), "eth_chainId", "result");

    public async Task<ulong> BlockNumberAsync(CancellationToken ct = default) =>
        RpcJson.UInt64(await Raw("eth_blockNumber", [], ct).ConfigureAwait(false), "eth_blockNumber", "result");

    /// <summary>Balance in wei at <paramref name="block"/> (latest when null).</summary>
    public async Task<BigInteger> GetBalanceAsync(Address address, BlockParameter? block = null, CancellationToken ct = default) =>
        RpcJson.Quantity(await Raw("eth_getBalance", [address.ToLowerHex(), Tag(block)], ct).ConfigureAwait(false), "eth_getBalance", "result");

    /// <summary>The account's nonce: transactions mined by <paramref name="block"/>, or with <see cref="BlockParameter.Pending"/> also those waiting in the node's pool.</summary>
    public async Task<ulong> GetTransactionCountAsync(Address address, BlockParameter? block = null, CancellationToken ct = default) =>
        RpcJson.UInt64(await Raw("eth_getTransactionCount", [address.ToLowerHex(), Tag(block)], ct).ConfigureAwait(false), "eth_getTransactionCount", "result");

    public async Task<BigInteger> GasPriceAsync(CancellationToken ct = default) =>
        RpcJson.Quantity(await Raw("eth_gasPrice", [], ct).ConfigureAwait(false), "eth_gasPrice", "result");

    public async Task<BigInteger> MaxPriorityFeePerGasAsync(CancellationToken ct = default) =>
        RpcJson.Quantity(await Raw("eth_maxPriorityFeePerGas", [], ct).ConfigureAwait(false), "eth_maxPriorityFeePerGas", "result");

    /// <summary>Base fees, gas use and priority-fee percentiles for up to <paramref name="blockCount"/> blocks ending at <paramref name="newestBlock"/>.</summary>
    /// <param name="rewardPercentiles">Increasing values in [0, 100]; empty for no reward data.</param>
    public async Task<FeeHistory> FeeHistoryAsync(uint blockCount, BlockParameter newestBlock, IReadOnlyList<double>? rewardPercentiles = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(blockCount);
        ArgumentNullException.ThrowIfNull(newestBlock);
        var percentiles = rewardPercentiles ?? [];
        for (var i = 0; i < percentiles.Count; i++)
        {
            if (percentiles[i] is < 0 or > 100 || double.IsNaN(percentiles[i]) || (i > 0 && percentiles[i] < percentiles[i - 1]))
            {
                throw new ArgumentException("reward percentiles must increase monotonically within [0, 100]", nameof(rewardPercentiles));
            }
        }

        const string method = "eth_feeHistory";
        var result = await Raw(method, [Hex.EncodeQuantity(blockCount), newestBlock.ToRpc(), percentiles.ToArray()], ct).ConfigureAwait(false);
        return FeeHistory.Parse(new ResultObject(result, method, "result"), percentiles.Count);
    }

    /// <summary>Gas the node estimates for <paramref name="call"/>; a call that would revert is an <see cref="RpcException"/> with the revert data.</summary>
    public async Task<ulong> EstimateGasAsync(CallRequest call, BlockParameter? block = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        // The block argument is optional in the spec and some nodes reject it, so it is sent only when asked for.
        object?[] args = block is null ? [call.ToJson()] : [call.ToJson(), block.ToRpc()];
        return RpcJson.UInt64(await Raw("eth_estimateGas", args, ct).ConfigureAwait(false), "eth_estimateGas", "result");
    }

    /// <summary>Executes <paramref name="call"/> without a transaction and returns its output; a revert is an <see cref="RpcException"/> (code 3 on geth and anvil) with the revert data in <see cref="RpcException.RevertData"/>.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, BlockParameter? block = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RpcJson.Bytes(await Raw("eth_call", [call.ToJson(), Tag(block)], ct).ConfigureAwait(false), "eth_call", "result");
    }

    /// <summary>Submits a signed transaction and returns its hash, checked to be keccak256 of the bytes sent.</summary>
    /// <remarks>
    /// Transport failures are retried like any call. Sending the same signed bytes twice is harmless, but it means
    /// that a transaction which reached the node before a timeout may come back as an <see cref="RpcException"/>
    /// such as "already known" or "nonce too low"; a caller that must know whether it landed looks it up by hash.
    /// </remarks>
    public async Task<byte[]> SendRawTransactionAsync(byte[] signedTransaction, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(signedTransaction);
        ArgumentOutOfRangeException.ThrowIfZero(signedTransaction.Length, nameof(signedTransaction));
        const string method = "eth_sendRawTransaction";
        var hash = RpcJson.Hash(await Raw(method, [Hex.Encode(signedTransaction)], ct).ConfigureAwait(false), method, "result");
        // The hash of any non-blob transaction is keccak256 of its EIP-2718 envelope; a blob transaction (type 3,
        // EIP-4844) is sent with its sidecar, which the hash excludes, so it cannot be checked here.
        if (signedTransaction[0] != 0x03 && !hash.AsSpan().SequenceEqual(Keccak.Hash(signedTransaction)))
        {
            throw new RpcResponseFormatException(method, $"node returned hash {Hex.Encode(hash)} for a transaction whose hash is {Hex.Encode(Keccak.Hash(signedTransaction))}");
        }

        return hash;
    }

    /// <summary>The receipt, or null while the transaction is pending or unknown.</summary>
    public async Task<Receipt?> GetTransactionReceiptAsync(byte[] transactionHash, CancellationToken ct = default)
    {
        const string method = "eth_getTransactionReceipt";
        var result = await Raw(method, [Hex.Encode(Check32(transactionHash))], ct).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var receipt = Receipt.Parse(new ResultObject(result, method, "result"));
        return Matching(receipt, receipt.TransactionHash, transactionHash, method);
    }

    /// <summary>The transaction (mined or pending), or null when the node does not know it.</summary>
    public async Task<TransactionInfo?> GetTransactionByHashAsync(byte[] transactionHash, CancellationToken ct = default)
    {
        const string method = "eth_getTransactionByHash";
        var result = await Raw(method, [Hex.Encode(Check32(transactionHash))], ct).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var tx = TransactionInfo.Parse(new ResultObject(result, method, "result"));
        return Matching(tx, tx.Hash, transactionHash, method);
    }

    /// <summary>The block, or null when it does not exist (yet).</summary>
    public async Task<Block?> GetBlockByNumberAsync(BlockParameter block, bool fullTransactions = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        const string method = "eth_getBlockByNumber";
        var result = await Raw(method, [block.ToRpc(), fullTransactions], ct).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var b = Block.Parse(new ResultObject(result, method, "result"), fullTransactions);
        if (block.Number is { } n && b.Number != n)
        {
            throw new RpcResponseFormatException(method, $"asked for block {n}, got block {b.Number}");
        }

        return b;
    }

    /// <summary>The block with this hash, or null when the node does not know it (e.g. it was reorganised away and pruned).</summary>
    public async Task<Block?> GetBlockByHashAsync(byte[] blockHash, bool fullTransactions = false, CancellationToken ct = default)
    {
        const string method = "eth_getBlockByHash";
        var result = await Raw(method, [Hex.Encode(Check32(blockHash)), fullTransactions], ct).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var b = Block.Parse(new ResultObject(result, method, "result"), fullTransactions);
        return Matching(b, b.Hash, blockHash, method);
    }

    public async Task<IReadOnlyList<LogEntry>> GetLogsAsync(LogFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        const string method = "eth_getLogs";
        var result = await Raw(method, [filter.ToJson()], ct).ConfigureAwait(false);
        if (result.ValueKind != JsonValueKind.Array)
        {
            throw new RpcResponseFormatException(method, $"result must be an array, got {RpcJson.Describe(result)}");
        }

        var logs = new List<LogEntry>();
        var i = 0;
        foreach (var item in result.EnumerateArray())
        {
            logs.Add(LogEntry.Parse(new ResultObject(item, method, $"result[{i++}]")));
        }

        return logs;
    }

    /// <summary>Runtime bytecode at <paramref name="address"/>; empty for an account without code.</summary>
    public async Task<byte[]> GetCodeAsync(Address address, BlockParameter? block = null, CancellationToken ct = default) =>
        RpcJson.Bytes(await Raw("eth_getCode", [address.ToLowerHex(), Tag(block)], ct).ConfigureAwait(false), "eth_getCode", "result");

    private async Task<JsonElement> Raw(string method, object?[] args, CancellationToken ct) =>
        await Rpc.SendAsync<JsonElement>(method, args, ct).ConfigureAwait(false);

    private static string Tag(BlockParameter? block) => (block ?? BlockParameter.Latest).ToRpc();

    internal static byte[] Check32(byte[] hash) =>
        hash is { Length: 32 } ? hash : throw new ArgumentException("a hash is 32 bytes", nameof(hash));

    /// <summary>A node that answers about another object than the one asked for is broken, not merely unlucky.</summary>
    private static T Matching<T>(T value, byte[] got, byte[] asked, string method) =>
        got.AsSpan().SequenceEqual(asked)
            ? value
            : throw new RpcResponseFormatException(method, $"asked for {Hex.Encode(asked)}, got {Hex.Encode(got)}");
}
