using EcoValue.Ethereum.Abi;
using EcoValue.Testing;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>The typed client against a real anvil (shared by this class; tests here keep automine on).</summary>
public sealed class EthClientAnvilTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private readonly (JsonRpcClient Client, CountingHandler Counter) _rpc = Rpc.Counted(node.RpcUrl);

    private EthClient Eth => new(_rpc.Client);

    private AnvilClient Anvil => new(_rpc.Client);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChainId_isAnvilDefault() =>
        Assert.Equal(31337UL, await Eth.ChainIdAsync(Ct));

    [Fact]
    public async Task BlockNumber_afterEvmMine_advancesByOne()
    {
        var before = await Eth.BlockNumberAsync(Ct);
        await Anvil.MineAsync(Ct);
        Assert.Equal(before + 1, await Eth.BlockNumberAsync(Ct));
    }

    [Fact]
    public async Task GetBalance_devAccount_is10000Ether()
    {
        // Other tests here spend from account 0, so read it at genesis; account 9 is never used and is read at latest.
        Assert.Equal(DevAccounts.TenThousandEther, await Eth.GetBalanceAsync(DevAccounts.Account0, BlockParameter.Earliest, Ct));
        Assert.Equal(DevAccounts.TenThousandEther, await Eth.GetBalanceAsync(DevAccounts.Account9, ct: Ct));
    }

    [Fact]
    public async Task FeeHistory_threeBlocksThreePercentiles_hasSpecShape()
    {
        await Anvil.MineAsync(3, Ct);
        var head = await Eth.BlockNumberAsync(Ct);
        var history = await Eth.FeeHistoryAsync(3, BlockParameter.Latest, [10, 50, 90], Ct);
        Assert.Equal(head - 2, history.OldestBlock);
        Assert.Equal(4, history.BaseFeePerGas.Count); // one per block plus the next block's
        Assert.Equal(3, history.GasUsedRatio.Count);
        Assert.Equal(3, history.Reward.Count);
        Assert.All(history.Reward, r => Assert.Equal(3, r.Count));
        Assert.All(history.BaseFeePerGas, f => Assert.True(f > 0));

        var noRewards = await Eth.FeeHistoryAsync(2, head, null, Ct);
        Assert.Empty(noRewards.Reward);
        Assert.Equal(head - 1, noRewards.OldestBlock);
    }

    [Fact]
    public async Task GasPrices_arePositive()
    {
        Assert.True(await Eth.GasPriceAsync(Ct) > 0);
        Assert.True(await Eth.MaxPriorityFeePerGasAsync(Ct) > 0);
    }

    [Fact]
    public async Task SendTransaction_transfer_receiptMatchesBlockAndTransaction()
    {
        var to = Address.Parse("0x000000000000000000000000000000000000dEaD");
        var nonce = await Eth.GetTransactionCountAsync(DevAccounts.Account0, BlockParameter.Latest, Ct);
        var hash = await Anvil.SendTransactionAsync(new CallRequest { From = DevAccounts.Account0, To = to, Value = 12345 }, Ct);

        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), Ct);
        Assert.True(receipt.Succeeded);
        Assert.Equal(21000UL, receipt.GasUsed);
        Assert.Equal(DevAccounts.Account0, receipt.From);
        Assert.Equal(to, receipt.To);
        Assert.Null(receipt.ContractAddress);
        Assert.Equal(hash, receipt.TransactionHash);

        var block = await Eth.GetBlockByNumberAsync(receipt.BlockNumber, ct: Ct);
        Assert.NotNull(block);
        Assert.Equal(receipt.BlockHash, block.Hash);
        Assert.Contains(block.TransactionHashes, h => h.AsSpan().SequenceEqual(hash));
        Assert.NotNull(block.BaseFeePerGas);
        Assert.Equal(block.Hash, (await Eth.GetBlockByHashAsync(block.Hash, ct: Ct))!.Hash);
        Assert.Equal(block.ParentHash, (await Eth.GetBlockByNumberAsync(receipt.BlockNumber - 1, ct: Ct))!.Hash);

        var tx = await Eth.GetTransactionByHashAsync(hash, Ct);
        Assert.NotNull(tx);
        Assert.Equal(nonce, tx.Nonce);
        Assert.Equal(12345, tx.Value);
        Assert.Equal(to, tx.To);
        Assert.Equal(31337UL, tx.ChainId);
        Assert.Equal(receipt.BlockHash, tx.BlockHash);
        Assert.False(tx.IsPending);

        var full = await Eth.GetBlockByNumberAsync(receipt.BlockNumber, fullTransactions: true, Ct);
        Assert.Contains(full!.Transactions, t => t.Hash.AsSpan().SequenceEqual(hash) && t.Value == 12345);
    }

    [Fact]
    public async Task UnknownHashesAndFutureBlocks_areNull()
    {
        var unknown = Keccak.HashUtf8("no such transaction");
        Assert.Null(await Eth.GetTransactionReceiptAsync(unknown, Ct));
        Assert.Null(await Eth.GetTransactionByHashAsync(unknown, Ct));
        Assert.Null(await Eth.GetBlockByHashAsync(unknown, ct: Ct));
        Assert.Null(await Eth.GetBlockByNumberAsync(await Eth.BlockNumberAsync(Ct) + 1000, ct: Ct));
    }

    [Fact]
    public async Task LogEmitter_deployCallAndGetLogs_roundTrips()
    {
        var contract = await DeployLogEmitterAsync();
        Assert.Equal(LogEmitterContract.Runtime, await Eth.GetCodeAsync(contract, ct: Ct));
        Assert.Empty(await Eth.GetCodeAsync(DevAccounts.Account9, ct: Ct));

        byte[] payload = [0x01, 0x02, 0x03, 0xff];
        var call = new CallRequest { From = DevAccounts.Account1, To = contract, Data = payload };
        Assert.Empty(await Eth.CallAsync(call, ct: Ct)); // STOP returns nothing
        var estimate = await Eth.EstimateGasAsync(call, ct: Ct);
        Assert.InRange(estimate, 21_000UL + 375 + (2 * 375), 60_000UL); // intrinsic + LOG2 base and topics at least

        var hash = await Anvil.SendTransactionAsync(call, Ct);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), Ct);
        var log = Assert.Single(receipt.Logs);
        Assert.Equal(contract, log.Address);
        Assert.Equal(LogEmitterContract.Topic0, log.EventSignature);
        Assert.Equal(LogEmitterContract.Word(DevAccounts.Account1), log.Topics[1]);
        Assert.Equal(payload, log.Data);
        Assert.Equal(receipt.BlockNumber, log.BlockNumber);
        Assert.Equal(receipt.BlockHash, log.BlockHash);
        Assert.Equal(hash, log.TransactionHash);
        Assert.False(log.Removed);

        // Address + topic0 + topic1 as an OR of two callers, over a range.
        var byRange = await Eth.GetLogsAsync(new LogFilter
        {
            FromBlock = 0,
            ToBlock = BlockParameter.Latest,
            Addresses = [contract],
            Topics = [[LogEmitterContract.Topic0], [LogEmitterContract.Word(DevAccounts.Account0), LogEmitterContract.Word(DevAccounts.Account1)]],
        }, Ct);
        var found = Assert.Single(byRange);
        Assert.Equal(contract, found.Address);
        Assert.Equal(log.Topics, found.Topics);
        Assert.Equal(payload, found.Data);
        Assert.Equal(receipt.BlockNumber, found.BlockNumber);
        Assert.Equal(receipt.BlockHash, found.BlockHash);
        Assert.Equal(hash, found.TransactionHash);
        Assert.Equal(receipt.TransactionIndex, found.TransactionIndex);
        Assert.Equal(log.LogIndex, found.LogIndex);
        Assert.False(found.Removed);

        // A wildcard first position and the block-hash form (EIP-234) find it too.
        var byHash = await Eth.GetLogsAsync(new LogFilter { BlockHash = receipt.BlockHash, Topics = [null, [LogEmitterContract.Word(DevAccounts.Account1)]] }, Ct);
        Assert.Equal(hash, Assert.Single(byHash).TransactionHash);

        // Filters that must not match.
        Assert.Empty(await Eth.GetLogsAsync(new LogFilter { FromBlock = 0, Addresses = [contract], Topics = [null, [LogEmitterContract.Word(DevAccounts.Account9)]] }, Ct));
        Assert.Empty(await Eth.GetLogsAsync(new LogFilter { FromBlock = 0, Addresses = [DevAccounts.Account9] }, Ct));
    }

    [Fact]
    public async Task Call_reverting_throwsRpcExceptionWithNodeCodeAndRevertData()
    {
        var contract = await DeployLogEmitterAsync();
        var call = new CallRequest { From = DevAccounts.Account0, To = contract };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Eth.CallAsync(call, ct: Ct));
        Assert.Equal(3, ex.Code); // execution-apis: 3 = execution reverted, data = revert bytes
        Assert.Equal("eth_call", ex.Method);
        Assert.StartsWith("execution reverted", ex.RpcMessage, StringComparison.Ordinal);
        Assert.Equal(LogEmitterContract.RevertData, ex.RevertData);
        Assert.Equal(Hex.Encode(LogEmitterContract.RevertData), ex.RpcData!.Value.GetString());

        var estimate = await Assert.ThrowsAsync<RpcException>(() => Eth.EstimateGasAsync(call, ct: Ct));
        Assert.Equal(LogEmitterContract.RevertData, estimate.RevertData);
    }

    [Fact]
    public async Task SendRawTransaction_invalidBytes_throwsRpcExceptionWithoutRetry()
    {
        var before = _rpc.Counter.Count;
        var ex = await Assert.ThrowsAsync<RpcException>(() => Eth.SendRawTransactionAsync([0x12, 0x34], Ct));
        Assert.Equal(1, _rpc.Counter.Count - before);
        Assert.Equal("eth_sendRawTransaction", ex.Method);
        Assert.NotEqual(0, ex.Code);
        Assert.False(string.IsNullOrEmpty(ex.RpcMessage));
    }

    [Fact]
    public async Task Batch_mixedValidAndUnknownMethod_returnsPerItemResults()
    {
        var before = _rpc.Counter.Count;
        var responses = await _rpc.Client.SendBatchAsync(
            [new RpcRequest("eth_chainId"), new RpcRequest("eth_blockNumber"), new RpcRequest("eth_noSuchMethod", 1, "x")], Ct);
        Assert.Equal(1, _rpc.Counter.Count - before);

        Assert.Equal(3, responses.Count);
        Assert.Equal("0x7a69", responses[0].GetResult<string>());
        Assert.Equal("eth_blockNumber", responses[1].Method);
        Assert.StartsWith("0x", responses[1].GetResult<string>(), StringComparison.Ordinal);
        Assert.True(responses[2].IsError);
        Assert.Equal(-32601, responses[2].Error!.Code); // JSON-RPC 2.0: method not found
        var ex = Assert.Throws<RpcException>(() => responses[2].GetResult<string>());
        Assert.Equal("eth_noSuchMethod", ex.Method);
    }

    [Fact]
    public async Task GetEventsAsync_decodesTypedEvent_fromRealLogs()
    {
        var contract = await DeployLogEmitterAsync();
        // The emitter logs its calldata as data and the caller as topic 1: ABI-encode a bytes value as calldata and
        // the log is exactly the event Pinged(address indexed caller, bytes payload).
        var pinged = EventDefinition.Parse("Pinged(address indexed caller, bytes payload)");
        byte[] payload = [.. "白沙良食"u8, 0x00, 0xff];
        var hash = await Anvil.SendTransactionAsync(new CallRequest { From = DevAccounts.Account1, To = contract, Data = AbiEncoder.Encode("bytes", payload) }, Ct);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), Ct);

        var fromReceipt = Assert.Single(receipt.Logs.DecodeMatching(pinged));
        Assert.Equal(DevAccounts.Account1, fromReceipt.Event.Get<Address>("caller"));
        Assert.Equal(payload, fromReceipt.Event.Get<byte[]>("payload"));

        var events = await Eth.GetEventsAsync(pinged, new LogFilter { FromBlock = receipt.BlockNumber, ToBlock = receipt.BlockNumber, Addresses = [contract] }, Ct);
        var (log, ev) = Assert.Single(events);
        Assert.Equal(hash, log.TransactionHash);
        Assert.Equal(payload, ev.Get<byte[]>("payload"));

        // A different event (same shape, other name) matches nothing, and decoding the log with it is a typed error.
        var other = EventDefinition.Parse("Ponged(address indexed caller, bytes payload)");
        Assert.Empty(await Eth.GetEventsAsync(other, new LogFilter { FromBlock = 0, Addresses = [contract] }, Ct));
        Assert.Throws<AbiException>(() => log.Decode(other));
    }

    [Fact]
    public async Task SendAsync_precancelledToken_throwsWithoutSending()
    {
        var before = _rpc.Counter.Count;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eth.ChainIdAsync(new CancellationToken(canceled: true)));
        Assert.Equal(before, _rpc.Counter.Count);
    }

    private async Task<Address> DeployLogEmitterAsync()
    {
        var hash = await Anvil.SendTransactionAsync(new CallRequest { From = DevAccounts.Account0, Data = LogEmitterContract.InitCode }, Ct);
        var receipt = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), Ct);
        Assert.True(receipt.Succeeded);
        Assert.Null(receipt.To);
        return receipt.ContractAddress!.Value;
    }
}
