using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Worker;
using EcoValue.Data.Anchoring;
using EcoValue.Testing;

namespace EcoValue.Anchoring.Tests;

/// <summary>
/// The chain misbehaving under a real anvil: a dropped transaction, a stuck one, a nonce taken by another
/// transaction from the service key, a reorg under the confirmation depth. Each ends with every record anchored once.
/// Mining is switched off where the fault needs the transaction to wait in the pool.
/// </summary>
public sealed class AnchoringChainFaultTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AnchoringOptions Options = new() { WindowRecords = 100, WindowTime = TimeSpan.FromSeconds(5), Confirmations = 3, StuckAfter = TimeSpan.FromSeconds(30) };

    /// <summary>Records appended, window due, batch built and its first transaction sent, with mining off.</summary>
    private static async Task<(AnchoringHarness H, AnchoringWorker Worker, AnchorTransaction First)> SentButUnminedAsync(Uri rpc)
    {
        var h = await AnchoringHarness.StartAsync(rpc, Ct);
        await h.AppendRecordsAsync(5, Ct);
        await h.Anvil.SetAutomineAsync(false, Ct);
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        var worker = h.Worker(Options);
        Assert.Equal(AnchoringStep.BatchBuilt, await worker.RunOnceAsync(Ct));
        Assert.Equal(AnchoringStep.Sent, await worker.RunOnceAsync(Ct));
        var batch = (await h.Batches.GetOpenBatchAsync(Ct))!;
        var first = Assert.Single(await h.Batches.ListTransactionsAsync(batch.Id, Ct));
        Assert.NotNull(await h.Eth.GetTransactionByHashAsync(first.TxHash, Ct));
        return (h, worker, first);
    }

    private static async Task FinishAsync(AnchoringHarness h, AnchoringWorker worker)
    {
        await h.Anvil.SetAutomineAsync(true, Ct);
        await h.Anvil.MineAsync(Ct);
        await h.RunToCompletionAsync(worker, Ct);
    }

    [Fact]
    public async Task DroppedTransaction_isRebroadcastAsSigned()
    {
        var (h, worker, first) = await SentButUnminedAsync(node.RpcUrl);
        await using var _ = h;
        Assert.True(await h.Anvil.DropTransactionAsync(first.TxHash, Ct));
        Assert.Null(await h.Eth.GetTransactionByHashAsync(first.TxHash, Ct));

        Assert.Equal(AnchoringStep.Sent, await worker.RunOnceAsync(Ct));
        Assert.NotNull(await h.Eth.GetTransactionByHashAsync(first.TxHash, Ct)); // the very same bytes are back

        await FinishAsync(h, worker);
        await AnchoringWorkerTests.AssertEveryRecordAnchoredExactlyOnceAsync(h, 5, 1, transactionsPerBatch: 1);
    }

    [Fact]
    public async Task StuckTransaction_isReplacedWithHigherFees_sameNonce()
    {
        var (h, worker, first) = await SentButUnminedAsync(node.RpcUrl);
        await using var _ = h;
        Assert.Equal(AnchoringStep.Waiting, await worker.RunOnceAsync(Ct));
        h.Clock.Advance(Options.StuckAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(AnchoringStep.Sent, await worker.RunOnceAsync(Ct));

        var batch = (await h.Batches.GetOpenBatchAsync(Ct))!;
        var sent = await h.Batches.ListTransactionsAsync(batch.Id, Ct);
        Assert.Equal(2, sent.Count);
        Assert.Equal(first.Nonce, sent[1].Nonce);
        Assert.True(System.Numerics.BigInteger.Parse(sent[1].MaxPriorityFeePerGas, System.Globalization.CultureInfo.InvariantCulture) * 10
            >= System.Numerics.BigInteger.Parse(first.MaxPriorityFeePerGas, System.Globalization.CultureInfo.InvariantCulture) * 11);

        await FinishAsync(h, worker);
        await AnchoringWorkerTests.AssertEveryRecordAnchoredExactlyOnceAsync(h, 5, 1, transactionsPerBatch: 2);
        Assert.Equal(sent[1].TxHash, (await h.Batches.GetAsync(batch.Id, Ct))!.TxHash); // the replacement is the one mined
    }

    [Fact]
    public async Task ExternalTransactionTakesTheNonce_rootIsSentAgainWithTheNext()
    {
        var (h, worker, first) = await SentButUnminedAsync(node.RpcUrl);
        await using var _ = h;
        // Someone else with the service key spends the same nonce with a higher fee (a plain self-transfer).
        var fees = new Fees(
            System.Numerics.BigInteger.Parse(first.MaxFeePerGas, System.Globalization.CultureInfo.InvariantCulture),
            System.Numerics.BigInteger.Parse(first.MaxPriorityFeePerGas, System.Globalization.CultureInfo.InvariantCulture)).Bumped().Bumped();
        var external = h.Account.Sign(h.Account.Address, [], (ulong)first.Nonce, 21_000, fees);
        await h.Eth.SendRawTransactionAsync(external.Encode(), Ct);
        await h.Anvil.MineAsync(Ct);
        Assert.True((await h.Eth.GetTransactionReceiptAsync(external.GetHash(), Ct))!.Succeeded);

        Assert.Equal(AnchoringStep.Sent, await worker.RunOnceAsync(Ct));
        var batch = (await h.Batches.GetOpenBatchAsync(Ct))!;
        var sent = await h.Batches.ListTransactionsAsync(batch.Id, Ct);
        Assert.Equal(first.Nonce + 1, sent[^1].Nonce);

        await FinishAsync(h, worker);
        await AnchoringWorkerTests.AssertEveryRecordAnchoredExactlyOnceAsync(h, 5, 1, transactionsPerBatch: 2);
    }

    [Fact]
    public async Task ReorgUnderConfirmationDepth_sendsTheRootAgain_andItEndsAnchoredOnce()
    {
        await using var h = await AnchoringHarness.StartAsync(node.RpcUrl, Ct);
        await h.AppendRecordsAsync(5, Ct);
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        var worker = h.Worker(Options);
        AnchoringStep step;
        do
        {
            step = await worker.RunOnceAsync(Ct);
        }
        while (step != AnchoringStep.Mined);

        var mined = (await h.Batches.GetOpenBatchAsync(Ct))!;
        Assert.Equal(BatchStatus.Mined, mined.Status);
        var latest = await h.Eth.BlockNumberAsync(Ct);
        // Replace every block from the anchoring block up: the anchoring transaction is gone from the chain.
        await h.Anvil.ReorgAsync(latest - (ulong)mined.BlockNumber!.Value + 1, [], Ct);
        Assert.False((await h.Registry.AnchoredAtAsync(mined.Root, ct: Ct)).IsAnchored);

        Assert.Equal(AnchoringStep.Reorged, await worker.RunOnceAsync(Ct));
        Assert.Equal(BatchStatus.Built, (await h.Batches.GetAsync(mined.Id, Ct))!.Status);
        await h.RunToCompletionAsync(worker, Ct);
        var sent = await h.Batches.ListTransactionsAsync(mined.Id, Ct);
        await AnchoringWorkerTests.AssertEveryRecordAnchoredExactlyOnceAsync(h, 5, 1, transactionsPerBatch: sent.Count);
        Assert.NotEqual(mined.BlockHash, (await h.Batches.GetAsync(mined.Id, Ct))!.BlockHash);
    }
}
