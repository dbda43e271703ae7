using EcoValue.Testing;

namespace EcoValue.Ethereum.Rpc.Tests;

/// <summary>anvil's dev controls, on an anvil of their own (these tests switch automine and rewrite history).</summary>
public sealed class DevChainTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private static readonly Address Sink = Address.Parse("0x000000000000000000000000000000000000dEaD");

    private readonly JsonRpcClient _rpc = Rpc.Counted(node.RpcUrl).Client;

    private EthClient Eth => new(_rpc);

    private AnvilClient Anvil => new(_rpc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TransactionCount_automineOff_pendingIsAheadOfLatestUntilMined()
    {
        await Anvil.SetAutomineAsync(false, Ct);
        try
        {
            var latest = await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Latest, Ct);
            Assert.Equal(latest, await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Pending, Ct));

            var hash = await Anvil.SendTransactionAsync(new CallRequest { From = DevAccounts.Account1, To = Sink, Value = 1 }, Ct);
            Assert.Equal(latest, await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Latest, Ct));
            Assert.Equal(latest + 1, await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Pending, Ct));
            Assert.Null(await Eth.GetTransactionReceiptAsync(hash, Ct));
            var pending = await Eth.GetTransactionByHashAsync(hash, Ct);
            Assert.True(pending!.IsPending);
            Assert.Null(pending.BlockNumber);
            Assert.Equal(latest, pending.Nonce);

            await Anvil.MineAsync(Ct);
            Assert.True((await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), Ct)).Succeeded);
            Assert.Equal(latest + 1, await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Latest, Ct));
            Assert.Equal(latest + 1, await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Pending, Ct));
        }
        finally
        {
            await Anvil.SetAutomineAsync(true, Ct);
        }
    }

    [Fact]
    public async Task DropTransaction_pendingTransaction_vanishesFromPool()
    {
        await Anvil.SetAutomineAsync(false, Ct);
        try
        {
            var latest = await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Latest, Ct);
            var hash = await Anvil.SendTransactionAsync(new CallRequest { From = DevAccounts.Account1, To = Sink, Value = 2 }, Ct);
            Assert.NotNull(await Eth.GetTransactionByHashAsync(hash, Ct));

            Assert.True(await Anvil.DropTransactionAsync(hash, Ct));
            Assert.Null(await Eth.GetTransactionByHashAsync(hash, Ct));
            Assert.Equal(latest, await Eth.GetTransactionCountAsync(DevAccounts.Account1, BlockParameter.Pending, Ct));
            Assert.False(await Anvil.DropTransactionAsync(hash, Ct));
        }
        finally
        {
            await Anvil.SetAutomineAsync(true, Ct);
        }
    }

    [Fact]
    public async Task Snapshot_revert_restoresChainOnce()
    {
        var head = await Eth.BlockNumberAsync(Ct);
        var id = await Anvil.SnapshotAsync(Ct);
        await Anvil.MineAsync(3, Ct);
        Assert.Equal(head + 3, await Eth.BlockNumberAsync(Ct));

        Assert.True(await Anvil.RevertAsync(id, Ct));
        Assert.Equal(head, await Eth.BlockNumberAsync(Ct));
        Assert.False(await Anvil.RevertAsync(id, Ct)); // a snapshot is used up by reverting to it
    }

    [Fact]
    public async Task SetBalance_freshAddress_isReadBack()
    {
        var address = new Address(Keccak.HashUtf8("SetBalance_freshAddress").AsSpan(12));
        Assert.Equal(0, await Eth.GetBalanceAsync(address, ct: Ct));
        await Anvil.SetBalanceAsync(address, 123_456_789, Ct);
        Assert.Equal(123_456_789, await Eth.GetBalanceAsync(address, ct: Ct));
    }

    [Fact]
    public async Task Reorg_replacesBlocks_oldTransactionGoneNewOneIncluded()
    {
        var hash = await Anvil.SendTransactionAsync(new CallRequest { From = DevAccounts.Account1, To = Sink, Value = 7 }, Ct);
        var mined = await Eth.WaitForReceiptAsync(hash, TimeSpan.FromSeconds(15), Ct);
        await Anvil.MineAsync(Ct);
        var head = await Eth.BlockNumberAsync(Ct);
        var oldBlock = (await Eth.GetBlockByNumberAsync(mined.BlockNumber, ct: Ct))!;
        var depth = head - mined.BlockNumber + 1;

        var beef = Address.Parse("0x000000000000000000000000000000000000bEEF");
        await Anvil.ReorgAsync(depth, [ReorgTransaction.FromAccount(new CallRequest { From = DevAccounts.Account0, To = beef, Value = 9 }, 0)], Ct);

        Assert.Equal(head, await Eth.BlockNumberAsync(Ct));
        var newBlock = (await Eth.GetBlockByNumberAsync(mined.BlockNumber, ct: Ct))!;
        Assert.NotEqual(oldBlock.Hash, newBlock.Hash);
        Assert.Equal(oldBlock.ParentHash, newBlock.ParentHash);
        Assert.Null(await Eth.GetTransactionReceiptAsync(hash, Ct));

        var replacement = await Eth.GetTransactionReceiptAsync(Assert.Single(newBlock.TransactionHashes), Ct);
        Assert.Equal(beef, replacement!.To);
        Assert.Equal(newBlock.Hash, replacement.BlockHash);
    }

    [Fact]
    public async Task Reorg_offsetBeyondDepth_isRejectedBeforeSending() =>
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Anvil.ReorgAsync(1, [ReorgTransaction.FromAccount(new CallRequest { From = DevAccounts.Account0, To = Sink }, 1)], Ct));
}
