using Dapper;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Worker;
using EcoValue.Data.Anchoring;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;

namespace EcoValue.Anchoring.Tests;

/// <summary>Thrown by <see cref="CrashAt"/>: stands for the process dying at that point.</summary>
internal sealed class SimulatedCrash(AnchoringStage stage) : Exception($"simulated crash at {stage}");

/// <summary>Crashes once, at the given stage.</summary>
internal sealed class CrashAt(AnchoringStage stage) : IAnchoringFaults
{
    public bool Fired { get; private set; }

    public void At(AnchoringStage reached)
    {
        if (reached == stage && !Fired)
        {
            Fired = true;
            throw new SimulatedCrash(stage);
        }
    }
}

public sealed class AnchoringWorkerTests(AnvilNode node) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Leaves are written 3 per transaction, so every 10-record window is cut in four chunks (MidBatchBuild fires).
    private static readonly AnchoringOptions Window10 = new() { WindowRecords = 10, WindowTime = TimeSpan.FromSeconds(5), Confirmations = 2, StuckAfter = TimeSpan.FromSeconds(30), BatchWriteChunk = 3 };

    [Fact]
    public async Task RunOnce_25Records_windowOf10_anchorsThreeRootsOnce_andEveryProofVerifiesOnChain()
    {
        await using var h = await AnchoringHarness.StartAsync(node.RpcUrl, Ct);
        await h.AppendRecordsAsync(25, Ct);
        var steps = await h.RunToCompletionAsync(h.Worker(Window10), Ct);

        Assert.Equal(3, steps.Count(s => s == AnchoringStep.BatchBuilt));
        await AssertEveryRecordAnchoredExactlyOnceAsync(h, expectedRecords: 25, expectedBatches: 3);
    }

    [Theory]
    [InlineData(AnchoringStage.MidBatchBuild)]
    [InlineData(AnchoringStage.AfterBatchBuilt)]
    [InlineData(AnchoringStage.AfterTransactionSent)]
    [InlineData(AnchoringStage.AfterAnchorFound)]
    public async Task CrashAtAnyStage_thenRestart_anchorsEveryRecordExactlyOnce(AnchoringStage stage)
    {
        await using var h = await AnchoringHarness.StartAsync(node.RpcUrl, Ct);
        await h.AppendRecordsAsync(12, Ct);
        var crash = new CrashAt(stage);
        await Assert.ThrowsAsync<SimulatedCrash>(() => h.RunToCompletionAsync(h.Worker(Window10, crash), Ct));
        Assert.True(crash.Fired);

        // A new instance over the same database and chain: everything it knows comes from them.
        await h.RunToCompletionAsync(h.Worker(Window10), Ct);
        await AssertEveryRecordAnchoredExactlyOnceAsync(h, expectedRecords: 12, expectedBatches: 2);
    }

    [Fact]
    public async Task CrashBetweenLeafChunks_leavesAnIncompleteBatch_whoseRecordsProvePending_untilTheNextWorkerCompletesIt()
    {
        await using var h = await AnchoringHarness.StartAsync(node.RpcUrl, Ct);
        await h.AppendRecordsAsync(10, Ct);
        await Assert.ThrowsAsync<SimulatedCrash>(() => h.RunToCompletionAsync(h.Worker(Window10, new CrashAt(AnchoringStage.MidBatchBuild)), Ct));

        var open = (await h.Batches.GetOpenBatchAsync(Ct))!;
        Assert.Equal(10, open.LeafCount);
        Assert.Equal(3, await h.Batches.CountLeavesAsync(open.Id, Ct));
        var proofs = new EcoValue.Anchoring.Proofs.ProofBuilder(h.Records, h.Batches);
        var assigned = (await h.Records.ListBatchAsync(open.Id, Ct))[0];
        // Not "tampered": three stored leaves do not build the ten-leaf root, and that is expected here.
        Assert.Equal(EcoValue.Anchoring.Proofs.ProofStatus.Pending, (await proofs.BuildAsync(assigned.Id, Ct))!.Status);

        Assert.Equal(AnchoringStep.BatchBuilt, await h.Worker(Window10).RunOnceAsync(Ct));
        Assert.Equal(10, await h.Batches.CountLeavesAsync(open.Id, Ct));
        await h.RunToCompletionAsync(h.Worker(Window10), Ct);
        await AssertEveryRecordAnchoredExactlyOnceAsync(h, expectedRecords: 10, expectedBatches: 1);
        Assert.Equal(EcoValue.Anchoring.Proofs.ProofStatus.Anchored, (await proofs.BuildAsync(assigned.Id, Ct))!.Status);
    }

    [Fact]
    public async Task IncompleteBatch_whosePendingRecordsDoNotCompleteItsRoot_stopsTheWorker_andWritesNothing()
    {
        await using var h = await AnchoringHarness.StartAsync(node.RpcUrl, Ct);
        var envelopes = await h.AppendRecordsAsync(4, Ct);
        var pending = await h.Records.ListPendingHashesAsync(4, Ct);
        // A batch of four leaves over a root that is not theirs, with only its first leaf written (as after a crash).
        var notTheirRoot = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        await Assert.ThrowsAsync<SimulatedCrash>(() => h.Batches.CreateBatchAsync(notTheirRoot, [.. pending.Select(p => p.Seq)], chunk: 1,
            afterChunk: () => throw new SimulatedCrash(AnchoringStage.MidBatchBuild), Ct));
        var open = (await h.Batches.GetOpenBatchAsync(Ct))!;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Worker(Window10).RunOnceAsync(Ct));
        Assert.Contains("do not complete its root", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await h.Batches.CountLeavesAsync(open.Id, Ct));
        Assert.Equal(3, (await h.Records.ListPendingHashesAsync(10, Ct)).Count);
        Assert.Equal(4, envelopes.Count);
    }

    [Fact]
    public async Task CrashAfterRecordsCommit_beforeAnyPass_loosesNothing()
    {
        await using var h = await AnchoringHarness.StartAsync(node.RpcUrl, Ct);
        await h.AppendRecordsAsync(7, Ct);
        // The process that committed them is gone; a fresh worker finds them in the outbox.
        await h.RunToCompletionAsync(h.Worker(Window10), Ct);
        await AssertEveryRecordAnchoredExactlyOnceAsync(h, expectedRecords: 7, expectedBatches: 1);
    }

    internal static async Task AssertEveryRecordAnchoredExactlyOnceAsync(AnchoringHarness h, int expectedRecords, int expectedBatches, int transactionsPerBatch = 1)
    {
        await using var c = await h.Database.OpenAsync(Ct);
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM records WHERE batch_id IS NULL"));
        Assert.Equal(expectedRecords, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM records"));
        var batchIds = (await c.QueryAsync<long>("SELECT id FROM anchor_batches ORDER BY id")).ToList();
        Assert.Equal(expectedBatches, batchIds.Count);

        var total = 0;
        foreach (var id in batchIds)
        {
            var batch = (await h.Batches.GetAsync(id, Ct))!;
            Assert.Equal(BatchStatus.Anchored, batch.Status);
            var members = await h.Records.ListBatchAsync(id, Ct);
            total += members.Count;
            Assert.Equal(batch.LeafCount, members.Count);
            var tree = StandardMerkleTree.Build([.. members.Select(r => r.RecordHash)]);
            Assert.Equal(batch.Root, tree.Root);

            // Exactly one Anchored event for this root, in the block the batch records.
            var events = await h.Eth.GetEventsAsync(AnchorRegistryClient.AnchoredEventDefinition, new LogFilter
            {
                FromBlock = 0,
                Addresses = [h.Registry.Contract],
                Topics = [null, [batch.Root]],
            }, Ct);
            var (log, _) = Assert.Single(events);
            Assert.Equal(batch.TxHash, log.TransactionHash);
            Assert.Equal((ulong)batch.BlockNumber!.Value, log.BlockNumber);

            // No wasted sends: a restart reads the outcome from the chain instead of sending the root again.
            Assert.Equal(transactionsPerBatch, (await h.Batches.ListTransactionsAsync(id, Ct)).Count);

            // Every record's proof holds locally; the first and last also on chain (AnchorRegistry.verify).
            for (var i = 0; i < members.Count; i++)
            {
                var leaf = StandardMerkleTree.LeafHash(members[i].RecordHash);
                var proof = tree.GetProof(i);
                Assert.True(MerkleProof.Verify(proof, batch.Root, leaf), $"record {members[i].Id} proof");
                if (i == 0 || i == members.Count - 1)
                {
                    Assert.True(await h.Registry.VerifyAsync(batch.Root, leaf, proof, Ct), $"record {members[i].Id} on chain");
                }
            }
        }

        Assert.Equal(expectedRecords, total);
        Assert.Empty(await h.Eth.GetEventsAsync(AnchorRegistryClient.AnchoredEventDefinition, new LogFilter
        {
            FromBlock = 0,
            Addresses = [h.Registry.Contract],
            Topics = [null, [Keccak.HashUtf8("no such root")]],
        }, Ct));
    }
}
