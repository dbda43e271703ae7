using System.Globalization;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Data.Anchoring;
using EcoValue.Data.Records;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;

namespace EcoValue.Anchoring.Worker;

/// <summary>What one pass did (for logs, tests and the hosted loop's pacing).</summary>
public enum AnchoringStep
{
    /// <summary>Nothing to do: no open batch and no window due.</summary>
    Idle,

    /// <summary>A window was cut into a new batch.</summary>
    BatchBuilt,

    /// <summary>A transaction for the open batch was signed, written and broadcast (first send, resend or fee bump).</summary>
    Sent,

    /// <summary>The open batch's transaction is still in flight.</summary>
    Waiting,

    /// <summary>The chain shows the root anchored; confirmations are being counted.</summary>
    Mined,

    /// <summary>Confirmed: the batch's records are anchored.</summary>
    Anchored,

    /// <summary>The anchoring block left the canonical chain; the root goes back to be sent again.</summary>
    Reorged,
}

/// <summary>
/// The anchoring outbox (docs/anchoring.md). One pass reconciles the open batch with the chain, or cuts a new window.
/// Every decision is taken from the database and the chain, never from memory, so a new instance after a crash
/// continues exactly where the last one stopped. The root is the idempotency key: before any send the worker asks the
/// contract whether the root is already anchored.
/// </summary>
public sealed class AnchoringWorker(
    AnchorBatchRepository batches,
    RecordRepository records,
    ChainAccount account,
    AnchorRegistryClient registry,
    FeeEstimator fees,
    AnchoringOptions options,
    TimeProvider time,
    IAnchoringFaults? faults = null)
{
    public async Task<AnchoringStep> RunOnceAsync(CancellationToken ct = default)
    {
        var open = await batches.GetOpenBatchAsync(ct).ConfigureAwait(false);
        if (open is null)
        {
            return await CutWindowAsync(ct).ConfigureAwait(false) ? AnchoringStep.BatchBuilt : AnchoringStep.Idle;
        }

        return open.Status switch
        {
            BatchStatus.Built => await CompleteAsync(open, ct).ConfigureAwait(false) ?? await SendAsync(open, ct).ConfigureAwait(false),
            BatchStatus.Sent => await ReconcileSentAsync(open, ct).ConfigureAwait(false),
            BatchStatus.Mined => await ConfirmAsync(open, ct).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"batch {open.Id} has unknown status {open.Status}"),
        };
    }

    private async Task<bool> CutWindowAsync(CancellationToken ct)
    {
        var (count, oldest) = await batches.PendingAsync(ct).ConfigureAwait(false);
        if (count == 0)
        {
            return false;
        }

        var age = time.GetUtcNow() - DateTimeOffset.Parse(oldest!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (count < options.WindowRecords && age < options.WindowTime)
        {
            return false;
        }

        var window = await records.ListPendingHashesAsync(options.WindowRecords, ct).ConfigureAwait(false);
        var tree = StandardMerkleTree.Build([.. window.Select(r => r.RecordHash)]);
        try
        {
            var pause = Pacer();
            await batches.CreateBatchAsync(tree.Root, [.. window.Select(r => r.Seq)], options.BatchWriteChunk, () =>
            {
                faults?.At(AnchoringStage.MidBatchBuild);
                return pause(ct);
            }, ct).ConfigureAwait(false);
        }
        catch (BatchConflictException)
        {
            // Another instance took some of these records first; the next pass sees its batch.
            return false;
        }

        faults?.At(AnchoringStage.AfterBatchBuilt);
        return true;
    }

    /// <summary>
    /// Finishes a batch whose leaves were being written in chunks when the process stopped: its missing leaves are
    /// the oldest pending records (a window is always the oldest pending records, and records commit in seq order), and
    /// the stored root proves it: the tree over the assigned leaves and those records must give that root, or nothing
    /// is written and the worker stops on the error. Null when the batch was complete (go on to send it).
    /// </summary>
    private async Task<AnchoringStep?> CompleteAsync(AnchorBatch batch, CancellationToken ct)
    {
        var assigned = await batches.CountLeavesAsync(batch.Id, ct).ConfigureAwait(false);
        if (assigned >= batch.LeafCount)
        {
            return null;
        }

        var have = await records.ListBatchAsync(batch.Id, ct).ConfigureAwait(false);
        var rest = await records.ListPendingHashesAsync((int)(batch.LeafCount - assigned), ct).ConfigureAwait(false);
        var tree = StandardMerkleTree.Build([.. have.Select(r => r.RecordHash), .. rest.Select(r => r.RecordHash)]);
        if (have.Count != assigned || have.Count + rest.Count != batch.LeafCount || !tree.Root.AsSpan().SequenceEqual(batch.Root))
        {
            throw new InvalidOperationException(
                $"anchor batch {batch.Id} is incomplete ({assigned} of {batch.LeafCount} leaves) and the oldest pending records do not complete its root; an operator must look at it");
        }

        var pause = Pacer();
        await batches.AssignAsync(batch.Id, assigned, [.. rest.Select(r => r.Seq)], options.BatchWriteChunk, () => pause(ct), ct).ConfigureAwait(false);

        return AnchoringStep.BatchBuilt;
    }

    /// <summary>
    /// The pause between one cut's chunks: <see cref="AnchoringOptions.BatchWritePause"/> when other writes were
    /// queued since the previous chunk (requests want the writer and the cores), none when the chunks have the
    /// database to themselves (a backlog at night anchors at full speed).
    /// </summary>
    private Func<CancellationToken, Task> Pacer()
    {
        var seen = batches.WritesQueued;
        return ct =>
        {
            var now = batches.WritesQueued;
            var others = now - seen > 1; // one of them was this cut's own chunk
            seen = now;
            return others && options.BatchWritePause > TimeSpan.Zero ? Task.Delay(options.BatchWritePause, ct) : Task.CompletedTask;
        };
    }

    private async Task<AnchoringStep> SendAsync(AnchorBatch batch, CancellationToken ct)
    {
        if (await TryMarkMinedFromChainAsync(batch, ct).ConfigureAwait(false))
        {
            return AnchoringStep.Mined;
        }

        var nonce = await account.Eth.GetTransactionCountAsync(account.Address, BlockParameter.Pending, ct).ConfigureAwait(false);
        await SignWriteAndBroadcastAsync(batch, nonce, await fees.EstimateAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        return AnchoringStep.Sent;
    }

    private async Task<AnchoringStep> ReconcileSentAsync(AnchorBatch batch, CancellationToken ct)
    {
        if (await TryMarkMinedFromChainAsync(batch, ct).ConfigureAwait(false))
        {
            return AnchoringStep.Mined;
        }

        var sent = await batches.ListTransactionsAsync(batch.Id, ct).ConfigureAwait(false);
        var newest = sent[^1];
        var confirmedNonce = await account.Eth.GetTransactionCountAsync(account.Address, BlockParameter.Latest, ct).ConfigureAwait(false);
        if (confirmedNonce > (ulong)newest.Nonce)
        {
            // Our nonce is used, yet the root is not anchored: another transaction from this key took it, or ours
            // reverted. Send again with the next free nonce; the contract would refuse a second copy of the root.
            return await SendAsync(batch, ct).ConfigureAwait(false);
        }

        var inPool = false;
        foreach (var tx in sent)
        {
            if (await account.Eth.GetTransactionByHashAsync(tx.TxHash, ct).ConfigureAwait(false) is not null)
            {
                inPool = true;
                break;
            }
        }

        if (!inPool)
        {
            // Dropped from the pool (or the node restarted without it): the same signed bytes, again.
            await BroadcastAsync(newest.Raw, ct).ConfigureAwait(false);
            return AnchoringStep.Sent;
        }

        var sentAt = DateTimeOffset.Parse(newest.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (time.GetUtcNow() - sentAt < options.StuckAfter)
        {
            return AnchoringStep.Waiting;
        }

        // Stuck: replace it (same nonce) with fees raised past the node's replacement threshold.
        var previous = new Fees(System.Numerics.BigInteger.Parse(newest.MaxFeePerGas, CultureInfo.InvariantCulture), System.Numerics.BigInteger.Parse(newest.MaxPriorityFeePerGas, CultureInfo.InvariantCulture));
        var bumped = previous.Bumped().AtLeast(await fees.EstimateAsync(ct).ConfigureAwait(false));
        await SignWriteAndBroadcastAsync(batch, (ulong)newest.Nonce, bumped, ct).ConfigureAwait(false);
        return AnchoringStep.Sent;
    }

    private async Task<AnchoringStep> ConfirmAsync(AnchorBatch batch, CancellationToken ct)
    {
        var block = await account.Eth.GetBlockByNumberAsync((ulong)batch.BlockNumber!.Value, ct: ct).ConfigureAwait(false);
        var info = await registry.AnchoredAtAsync(batch.Root, ct: ct).ConfigureAwait(false);
        if (block is null || !block.Hash.AsSpan().SequenceEqual(batch.BlockHash) || info.BlockNumber != (ulong)batch.BlockNumber)
        {
            await batches.ResetToBuiltAsync(batch.Id, ct).ConfigureAwait(false);
            return AnchoringStep.Reorged;
        }

        var latest = await account.Eth.BlockNumberAsync(ct).ConfigureAwait(false);
        if (latest + 1 < (ulong)batch.BlockNumber.Value + (ulong)options.Confirmations)
        {
            return AnchoringStep.Mined;
        }

        await batches.MarkAnchoredAsync(batch.Id, ct).ConfigureAwait(false);
        return AnchoringStep.Anchored;
    }

    /// <summary>Asks the contract, not our memory, whether the root is on chain; if so records where.</summary>
    private async Task<bool> TryMarkMinedFromChainAsync(AnchorBatch batch, CancellationToken ct)
    {
        var info = await registry.AnchoredAtAsync(batch.Root, ct: ct).ConfigureAwait(false);
        if (!info.IsAnchored)
        {
            return false;
        }

        var ev = await registry.FindAnchoredAsync(batch.Root, info.BlockNumber, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"root {Hex.Encode(batch.Root)} is anchored in block {info.BlockNumber} but its Anchored log is missing");
        faults?.At(AnchoringStage.AfterAnchorFound);
        await batches.MarkMinedAsync(batch.Id, ev.TransactionHash, (long)info.BlockNumber, ev.BlockHash, ct).ConfigureAwait(false);
        return true;
    }

    private async Task SignWriteAndBroadcastAsync(AnchorBatch batch, ulong nonce, Fees txFees, CancellationToken ct)
    {
        var data = AnchorRegistryClient.EncodeAnchor(batch.Root, checked((uint)batch.LeafCount));
        // The anchor call's gas does not depend on the window size; a fixed, generous limit avoids an estimate that
        // would revert (and so fail) exactly when the root is already anchored — a case the step before rules out.
        var tx = account.Sign(registry.Contract, data, nonce, AnchorGasLimit, txFees);
        var raw = tx.Encode();
        await batches.AddTransactionAsync(batch.Id, (long)account.ChainId, account.Address.ToLowerHex(), (long)nonce, tx.GetHash(), raw,
            txFees.MaxFeePerGas.ToString(CultureInfo.InvariantCulture), txFees.MaxPriorityFeePerGas.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        await BroadcastAsync(raw, ct).ConfigureAwait(false);
        faults?.At(AnchoringStage.AfterTransactionSent);
    }

    private async Task BroadcastAsync(byte[] raw, CancellationToken ct)
    {
        try
        {
            await account.Eth.SendRawTransactionAsync(raw, ct).ConfigureAwait(false);
        }
        catch (RpcException e) when (IsHarmlessResend(e))
        {
            // Already in the pool, or already mined (nonce used): the next pass reads the outcome from the chain.
        }
    }

    private static bool IsHarmlessResend(RpcException e) =>
        e.RpcMessage.Contains("already known", StringComparison.OrdinalIgnoreCase)
        || e.RpcMessage.Contains("nonce too low", StringComparison.OrdinalIgnoreCase)
        || e.RpcMessage.Contains("already imported", StringComparison.OrdinalIgnoreCase);

    /// <summary>anchor() measured at ~28,300 gas plus 21,000 base and calldata (docs/contracts.md); 100k leaves headroom.</summary>
    private const ulong AnchorGasLimit = 100_000;
}
