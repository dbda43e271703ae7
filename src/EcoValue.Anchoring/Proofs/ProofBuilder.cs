using EcoValue.Data.Anchoring;
using EcoValue.Data.Records;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;

namespace EcoValue.Anchoring.Proofs;

/// <summary>
/// Builds a record's proof from the database, and checks on the way that the stored bytes still hash to what was
/// anchored: the envelope to its record hash, and the batch's hashes to the batch's root. Either mismatch is
/// <see cref="ProofStatus.Tampered"/> (someone edited the file); the proof of an untouched neighbour stays valid.
/// A record whose envelope was edited but whose hash still sits in an intact tree keeps its proof path, so a
/// checker can see for itself where it fails: keccak256(envelope) is not the record hash the path proves.
/// </summary>
public sealed class ProofBuilder(RecordRepository records, AnchorBatchRepository batches)
{
    /// <summary>Leaves of anchoring trees kept in memory (≈ 100 bytes each, so ≈ 50 MB): fifty full 10,000-record windows.</summary>
    public const long DefaultCachedLeaves = 500_000;

    // Rebuilding a 10,000-leaf tree costs tens of milliseconds; proofs of one batch are usually asked together, and
    // a scan shows the proofs of several records anchored in a handful of windows.
    private readonly TreeCache<long> _trees = new(DefaultCachedLeaves);

    public async Task<RecordProof?> BuildAsync(string recordId, CancellationToken ct = default)
    {
        var record = await records.GetByIdAsync(recordId, ct).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var envelope = System.Text.Encoding.UTF8.GetString(record.Envelope);
        var edited = !Keccak.Hash(record.Envelope).AsSpan().SequenceEqual(record.RecordHash)
            ? "the stored envelope does not hash to the stored record hash"
            : null;
        if (record.BatchId is not { } batchId)
        {
            return edited is null ? Pending(record, envelope) : Tampered(record.Id, envelope, record.RecordHash, edited);
        }

        var batch = await batches.GetAsync(batchId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"record {record.Id} names batch {batchId}, which does not exist");
        if (await TreeAsync(batch, ct).ConfigureAwait(false) is not { } tree)
        {
            // The worker is still writing this batch's leaves (they commit in chunks): not yet a tree to prove against.
            return edited is null ? Pending(record, envelope) : Tampered(record.Id, envelope, record.RecordHash, edited);
        }

        if (!tree.Root.AsSpan().SequenceEqual(batch.Root))
        {
            return Tampered(record.Id, envelope, record.RecordHash, "the batch's stored record hashes no longer build its anchored root");
        }

        var index = (int)record.LeafIndex!.Value;
        if (index >= tree.Count || !tree.GetValue(index).AsSpan().SequenceEqual(record.RecordHash))
        {
            // The tree was cached before someone rewrote this record's hash in the file.
            return Tampered(record.Id, envelope, record.RecordHash, "the record hash differs from the one its batch's root was built from");
        }

        return new RecordProof(
            record.Id,
            edited is not null ? ProofStatus.Tampered : batch.Status == BatchStatus.Anchored ? ProofStatus.Anchored : ProofStatus.Anchoring,
            envelope,
            record.RecordHash,
            StandardMerkleTree.LeafHash(record.RecordHash),
            tree.GetProof(index),
            batch.Root,
            index,
            batch.LeafCount,
            batch.TxHash,
            batch.BlockNumber,
            batch.BlockHash,
            edited);
    }

    /// <summary>
    /// One OpenZeppelin multiproof per anchored root for the given records (a bulk report proves hundreds of records
    /// with a few proofs instead of one path each). Records not anchored yet, in a batch whose stored hashes no
    /// longer build its root, or whose hash is not the one at their leaf are left out: the caller treats a record it
    /// expected to be proven but is not as tampered.
    /// </summary>
    public async Task<IReadOnlyList<AnchorMultiProof>> MultiProofAsync(IEnumerable<string> recordIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        var byBatch = new Dictionary<long, List<int>>();
        foreach (var id in recordIds.Distinct(StringComparer.Ordinal))
        {
            if (await records.GetByIdAsync(id, ct).ConfigureAwait(false) is { BatchId: { } batchId, LeafIndex: { } leaf })
            {
                (byBatch.TryGetValue(batchId, out var list) ? list : byBatch[batchId] = []).Add((int)leaf);
            }
        }

        var result = new List<AnchorMultiProof>(byBatch.Count);
        foreach (var (batchId, leaves) in byBatch.OrderBy(b => b.Key))
        {
            var batch = await batches.GetAsync(batchId, ct).ConfigureAwait(false);
            if (batch is not { Status: BatchStatus.Anchored } || await TreeAsync(batch, ct).ConfigureAwait(false) is not { } tree
                || !tree.Root.AsSpan().SequenceEqual(batch.Root))
            {
                continue;
            }

            var inRange = leaves.Where(l => l < tree.Count).Distinct().ToList();
            result.Add(new AnchorMultiProof(batch, tree.GetMultiProof(inRange)));
        }

        return result;
    }

    /// <summary>The batch's tree from its stored leaves; null while a just-cut batch is still getting its leaves.</summary>
    private async Task<StandardMerkleTree?> TreeAsync(AnchorBatch batch, CancellationToken ct)
    {
        if (_trees.TryGet(batch.Id, out var cached))
        {
            return cached;
        }

        var hashes = await records.ListBatchHashesAsync(batch.Id, ct).ConfigureAwait(false);
        if (batch.Status == BatchStatus.Built && hashes.Count < batch.LeafCount)
        {
            return null;
        }

        var tree = StandardMerkleTree.Build(hashes);

        // Only cache a tree that matches its root: a tampered database must be re-read, not remembered.
        if (tree.Root.AsSpan().SequenceEqual(batch.Root))
        {
            _trees.Add(batch.Id, tree);
        }

        return tree;
    }

    private static RecordProof Pending(StoredRecord record, string envelope) =>
        new(record.Id, ProofStatus.Pending, envelope, record.RecordHash, null, [], null, null, null, null, null, null, null);

    private static RecordProof Tampered(string id, string envelope, byte[] hash, string problem) =>
        new(id, ProofStatus.Tampered, envelope, hash, null, [], null, null, null, null, null, null, problem);
}
