using System.Text.Json;
using EcoValue.Anchoring.Proofs;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Certification;
using EcoValue.Data.Chain;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Verification;
using EcoValue.Ethereum;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Answers a scan (DESIGN.md "Verification"; docs/verification.md): from a Digital Link to a
/// <see cref="VerificationView"/>. It finds the item (by serial, checked against the link's GTIN and lot) or the batch
/// (by GTIN and lot), gathers what the batch shows with a proof for every record shown, proves the item's serial in
/// its issuance's serial tree, runs the clone rules over the item's scan log, and lets <see cref="Verdict"/> order
/// what it found. No chain call: anchoring facts (root, transaction, block) come from the database, and the page or
/// any client checks them against the chain. Per item scan: the item's row, its scans, and cached batch-level parts.
/// </summary>
public sealed class VerificationService(
    RegistryRepository registry,
    ItemRepository items,
    PublicFactsRepository facts,
    ProofBuilder proofs,
    ChainDeploymentRepository deployments,
    ScanLog scanLog,
    SerialTrees trees,
    VerificationCache cache,
    CertificationResources resources,
    IOptions<VerificationOptions> verification,
    IOptions<ScanOptions> scanOptions,
    IOptions<EcoValueOptions> service,
    TimeProvider time)
{
    private readonly CloneRules _clones = new(new CloneThresholds());

    /// <summary>
    /// Verifies <paramref name="link"/>; links in the answer are made under <paramref name="baseUrl"/>. With a
    /// <paramref name="scan"/>, an item scan is logged (a consumer's scan); without, the log is only read.
    /// </summary>
    public async Task<VerificationResult> VerifyAsync(DigitalLink link, string baseUrl, ScanEntry? scan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(link);
        var now = time.GetUtcNow();
        await RefreshChainAsync(ct).ConfigureAwait(false);
        if (link.Serial is { } serial)
        {
            // The write buffer before the item row (and its scans): a scan written in between is then in both and
            // counted once (ScansAsync), never missed.
            var buffered = scanLog.Pending(serial);
            if (await items.GetItemWithScansAsync(serial, scanOptions.Value.HistoryLimit, ct).ConfigureAwait(false) is not { } read
                || await BatchPartAsync(read.Item.BatchId).ConfigureAwait(false) is not { } itemBatch
                || !Names(link, itemBatch.Batch))
            {
                return Unknown(link, baseUrl, now);
            }

            return await ItemAsync(link, read, itemBatch, baseUrl, buffered, scan, now, ct).ConfigureAwait(false);
        }

        if (link.Lot is not { } lot)
        {
            // A GTIN alone names a product, not a batch or item anyone issued here.
            return Unknown(link, baseUrl, now);
        }

        var gtin = link.Gtin.Value;
        var batchId = await cache.GetAsync(VerificationCache.Keys.BatchKey(gtin, lot), async () =>
            (await registry.FindBatchAsync(gtin, lot, Scope.All, CancellationToken.None).ConfigureAwait(false))?.Id).ConfigureAwait(false);
        if (batchId is null || await BatchPartAsync(batchId).ConfigureAwait(false) is not { } part || !Names(link, part.Batch))
        {
            return Unknown(link, baseUrl, now);
        }

        var facts = new VerificationFacts(true, part.Tampered, part.Standing(now), part.Recall?.Reason, null, part.Pending);
        var canonical = DigitalLink.ForBatch(link.Gtin, part.Batch.Lot).ToUri(baseUrl);
        return new VerificationResult(VerificationOutcome.Found, Compose(canonical, facts, now, baseUrl, part, null, [], null), link);
    }

    /// <summary>
    /// Verifies an item by its serial alone (a code typed or scanned from a label's short form, as bulk checks get
    /// them): the link is the item's own. Null when no item has that serial. Never logged as a scan.
    /// </summary>
    public async Task<VerificationResult?> VerifySerialAsync(string serial, string baseUrl, CancellationToken ct)
    {
        await RefreshChainAsync(ct).ConfigureAwait(false);
        var buffered = scanLog.Pending(serial);
        if (await items.GetItemWithScansAsync(serial, scanOptions.Value.HistoryLimit, ct).ConfigureAwait(false) is not { } read
            || await BatchPartAsync(read.Item.BatchId).ConfigureAwait(false) is not { } part)
        {
            return null;
        }

        var link = DigitalLink.ForItem(Domain.Identifiers.Gtin.Parse(part.Batch.Gtin), part.Batch.Lot, read.Item.Serial);
        return await ItemAsync(link, read, part, baseUrl, buffered, null, time.GetUtcNow(), ct).ConfigureAwait(false);
    }

    /// <summary>The answer for a code never issued here (also what the pages show for it).</summary>
    public static VerificationResult Unknown(DigitalLink link, string baseUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(link);
        var facts = new VerificationFacts(false, [], LicenceStanding.None, null, null, false);
        var verdict = Verdict.Decide(facts);
        var view = new VerificationView(link.ToUri(baseUrl), verdict.Status, VerificationText.Headline(verdict.Status), Reasons(verdict, facts),
            VerificationText.Advice(verdict.Status), BatchPart.Stamp(now), null, null, null, [], [], null, null, [], null, null);
        return new VerificationResult(VerificationOutcome.Unknown, view, link);
    }

    private async Task<VerificationResult> ItemAsync(DigitalLink link, ItemScans read, BatchPart part, string baseUrl, IReadOnlyList<ScanEntry> buffered, ScanEntry? scan, DateTimeOffset now, CancellationToken ct)
    {
        var item = read.Item;
        var issuance = await cache.GetAsync(VerificationCache.Keys.Issuance(item.IssuanceRecordId), () => IssuancePartAsync(item.IssuanceRecordId)).ConfigureAwait(false);
        var tampered = new List<VerificationReason>(part.Tampered);
        tampered.AddRange(issuance.Tampered);
        var proofList = new List<RecordProofView>(part.Proofs.Count + 2) { part.Proofs[0], issuance.Proof };
        proofList.AddRange(part.Proofs.Skip(1));
        var pending = part.Pending || issuance.Pending;

        if (issuance.Row is { } row && row.BatchId != item.BatchId)
        {
            tampered.Add(Tampered("item.batch", "This code's row names another batch than its issuance record does.", "该商品码记录的批次与其签发记录不一致。"));
        }

        var itemProof = await ItemProofAsync(item, issuance, tampered, ct).ConfigureAwait(false);
        if (item.WithdrawnRecordId is { } withdrawal)
        {
            var proof = await BatchPart.ProofAsync(proofs, "item-withdrawal", withdrawal, ct).ConfigureAwait(false);
            proofList.Add(proof);
            pending |= proof.Status is "pending" or "anchoring";
            if (proof.Status == "tampered")
            {
                tampered.Add(BatchPart.TamperedReason(proof));
            }
        }

        var (clones, count, first) = Scans(read, buffered, scan);
        if (item.Withdrawn)
        {
            // Not a status of its own: a withdrawn code on a product on sale is what a copied code looks like.
            VerificationReason withdrawn = new("item.withdrawn",
                $"The producer withdrew this code ({item.WithdrawnReason}). A product carrying it should not be on sale.",
                $"生产者已撤回此码（{item.WithdrawnReason}）。带有此码的商品不应在售。");
            clones = clones with { Suspicious = true, Reasons = [withdrawn, .. clones.Reasons] };
        }

        var facts = new VerificationFacts(true, tampered, part.Standing(now), part.Recall?.Reason, clones, pending);
        var itemView = new ItemView(item.Serial, ItemSerial.Grouped(item.Serial), item.CreatedAt, first is { } f ? BatchPart.Stamp(f) : null, (int)Math.Min(count, int.MaxValue), item.Withdrawn, item.WithdrawnReason);
        var canonical = DigitalLink.ForItem(link.Gtin, part.Batch.Lot, item.Serial).ToUri(baseUrl);
        var view = Compose(canonical, facts, now, baseUrl, part, itemView, proofList, itemProof);
        return new VerificationResult(item.Withdrawn ? VerificationOutcome.Withdrawn : VerificationOutcome.Found, view, link);
    }

    /// <summary>The item's place in its issuance's serial tree, checked against the root the issuance record names.</summary>
    private async Task<ItemProofView?> ItemProofAsync(ItemRow item, IssuancePart issuance, List<VerificationReason> tampered, CancellationToken ct)
    {
        if (issuance.Row is not { } row || issuance.SerialsRoot is not { } root)
        {
            return null;
        }

        var (tree, matches) = await trees.GetAsync(row, root, ct).ConfigureAwait(false);
        if (!matches)
        {
            tampered.Add(Tampered("items.tree", $"The codes of issuance {row.RecordId} no longer build the serial root its record names.", $"签发记录 {row.RecordId} 的商品码已无法重建其记录中的序列号根。"));
            return null;
        }

        var value = ItemSerial.TreeValue(item.Serial);
        if (item.LeafIndex >= tree.Count || !tree.GetValue((int)item.LeafIndex).AsSpan().SequenceEqual(value))
        {
            tampered.Add(Tampered("item.leaf", "This code is not the one its issuance's serial tree holds at its place.", "此码与其签发序列号树中对应位置的码不一致。"));
            return null;
        }

        // The leaf as the tree holds it: built from this value in memory and checked against the record's root, so it
        // is keccak256(keccak256(value)) without hashing again (two keccaks per answer).
        var leaf = tree.GetNode(tree.GetTreeIndex((int)item.LeafIndex));
        return new ItemProofView(item.Serial, Hex.Encode(value), Hex.Encode(leaf),
            [.. tree.GetProof((int)item.LeafIndex).Select(p => Hex.Encode(p))], tree.RootHex, row.RecordId);
    }

    /// <summary>
    /// The clone rules over the item's scans: the newest ones written, those still buffered (read before the item row),
    /// and this one (then logged). The count and first scan are the item's totals plus the buffered scans not yet
    /// written.
    /// </summary>
    private (CloneAssessment Clones, long Count, DateTimeOffset? First) Scans(ItemScans read, IReadOnlyList<ScanEntry> buffered, ScanEntry? scan)
    {
        // The newest scans and the totals they are counted in come from one statement (one snapshot), so a buffered
        // scan found among them is in the count already; one not found was written after that snapshot, or never.
        var (item, recent) = (read.Item, read.Recent);
        var (count, first) = (item.ScanCount, item.FirstScanAt);
        var all = new List<ScanEntry>(recent.Count + buffered.Count + 1);
        all.AddRange(recent);
        // A buffered scan can only equal a written one of the same millisecond, and the written ones are newest first:
        // only those down to the oldest buffered scan are compared (most answers have nothing buffered, and a copied
        // code's 200 written scans are mostly older than what its buffer holds).
        var oldestBuffered = buffered.Count == 0 ? DateTimeOffset.MaxValue : buffered.Min(s => s.At);
        var written = recent.TakeWhile(s => s.At >= oldestBuffered).ToHashSet();
        foreach (var s in buffered.Where(s => !written.Contains(s)))
        {
            all.Add(s);
            count++;
            first = first is { } f0 && f0 <= s.At ? f0 : s.At;
        }

        if (scan is not null)
        {
            all.Add(scan);
            count++;
            first = first is { } f1 && f1 <= scan.At ? f1 : scan.At;
            scanLog.Add(item.Serial, scan);
        }

        return (_clones.Assess(all), count, first);
    }

    private Task<BatchPart?> BatchPartAsync(string batchId) =>
        cache.GetAsync(VerificationCache.Keys.Batch(batchId), async () =>
            await registry.GetBatchAsync(batchId, Scope.All, CancellationToken.None).ConfigureAwait(false) is { } batch
                ? await BatchPart.BuildAsync(batch, facts, proofs, resources.Catalog, CancellationToken.None).ConfigureAwait(false)
                : null);

    /// <summary>An issuance as a view needs it: the row, its record's proof, the serial root the record names, and what does not add up.</summary>
    private sealed record IssuancePart(IssuanceRow? Row, RecordProofView Proof, byte[]? SerialsRoot, IReadOnlyList<VerificationReason> Tampered, bool Pending);

    private async Task<IssuancePart> IssuancePartAsync(string recordId)
    {
        var row = await items.GetIssuanceAsync(recordId, CancellationToken.None).ConfigureAwait(false);
        var proof = await BatchPart.ProofAsync(proofs, "item-issuance", recordId, CancellationToken.None).ConfigureAwait(false);
        var tampered = new List<VerificationReason>();
        if (proof.Status == "tampered")
        {
            tampered.Add(BatchPart.TamperedReason(proof));
        }

        // The root to check items against is the one in the hashed, anchored envelope, not the table's copy.
        byte[]? root = null;
        string? recordBatch = null;
        try
        {
            using var doc = JsonDocument.Parse(proof.Envelope);
            var data = doc.RootElement.GetProperty("data");
            root = Hex.Decode(data.GetProperty("serialsRoot").GetString()!);
            recordBatch = data.GetProperty("batch").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or EthereumException)
        {
            tampered.Add(Tampered("issuance.record", $"The issuance record {recordId} cannot be read.", $"无法读取签发记录 {recordId}。"));
        }

        if (row is null)
        {
            tampered.Add(Tampered("issuance.missing", $"The issuance {recordId} this code names is missing.", $"此码所属的签发 {recordId} 不存在。"));
        }
        else if (root is not null && (row.BatchId != recordBatch || !string.Equals(row.SerialsRoot, Hex.Encode(root), StringComparison.OrdinalIgnoreCase)))
        {
            tampered.Add(Tampered("issuance.row", $"The issuance {recordId} as stored differs from its record.", $"存储的签发 {recordId} 与其记录不一致。"));
        }

        return new IssuancePart(row, proof, root, tampered, proof.Status is "pending" or "anchoring");
    }

    private VerificationView Compose(string canonical, VerificationFacts facts, DateTimeOffset now, string baseUrl, BatchPart part, ItemView? item, IReadOnlyList<RecordProofView> itemProofs, ItemProofView? itemProof)
    {
        var verdict = Verdict.Decide(facts);
        return new VerificationView(
            canonical,
            verdict.Status,
            VerificationText.Headline(verdict.Status),
            Reasons(verdict, facts),
            VerificationText.Advice(verdict.Status),
            BatchPart.Stamp(now),
            item,
            part.BatchView,
            part.Producer,
            part.Journey,
            part.LabResults,
            part.LicenceFor(now, baseUrl),
            part.Recall,
            itemProofs.Count > 0 ? itemProofs : part.Proofs,
            itemProof,
            Chain());
    }

    /// <summary>Where the roots of the proofs this service gives are anchored (bulk reports and dossiers name it).</summary>
    public async Task<ChainView> ChainAsync(CancellationToken ct)
    {
        await RefreshChainAsync(ct).ConfigureAwait(false);
        return Chain();
    }

    private ChainView Chain()
    {
        var o = verification.Value;
        return new ChainView(service.Value.Chain.ExpectedChainId, _contract, o.PublicRpcUrl?.ToString(), o.ExplorerTxUrl);
    }

    // The AnchorRegistry address changes only with a redeploy; read it once a minute, off the request path.
    private string? _contract;
    private long _contractRead = long.MinValue;

    /// <summary>Refreshes the contract address when it is older than a minute (called per request; one point read a minute).</summary>
    internal async Task RefreshChainAsync(CancellationToken ct)
    {
        var stamp = time.GetTimestamp();
        if (_contractRead != long.MinValue && time.GetElapsedTime(Interlocked.Read(ref _contractRead), stamp) < TimeSpan.FromMinutes(1) && _contract is not null)
        {
            return;
        }

        var row = await deployments.GetAsync(service.Value.Chain.ExpectedChainId, "AnchorRegistry", ct).ConfigureAwait(false);
        _contract = row is null ? null : Address.Parse(row.Address).ToString();
        Interlocked.Exchange(ref _contractRead, stamp);
    }

    private static bool Names(DigitalLink link, BatchRow batch) =>
        batch.Gtin == link.Gtin.Value && (link.Lot is null || link.Lot == batch.Lot);

    private static VerificationReason Tampered(string code, string en, string zh) => new("tampered." + code, en, zh);

    private static IReadOnlyList<ReasonView> Reasons(Verdict verdict, VerificationFacts facts) =>
        [.. verdict.Reasons.Select(r => new ReasonView(r.Code, VerificationText.Name(StatusOf(r, facts)), r.En, r.Zh))];

    /// <summary>Which status a reason stands for (Verdict keeps the reasons ordered but not their statuses).</summary>
    private static VerificationStatus StatusOf(VerificationReason reason, VerificationFacts facts)
    {
        if (facts.Tampered.Contains(reason))
        {
            return VerificationStatus.Tampered;
        }

        if (facts.Clones?.Reasons.Contains(reason) == true)
        {
            return VerificationStatus.Suspicious;
        }

        return reason.Code switch
        {
            "licence.revoked" => VerificationStatus.Revoked,
            "licence.suspended" => VerificationStatus.Suspended,
            "licence.expired" => VerificationStatus.Expired,
            "batch.recalled" => VerificationStatus.Recalled,
            "pending" => VerificationStatus.Pending,
            _ => VerificationStatus.Unknown,
        };
    }
}
