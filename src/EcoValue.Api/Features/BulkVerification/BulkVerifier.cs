using System.Text.Json;
using EcoValue.Anchoring.Proofs;
using EcoValue.Api.Features.Verification;
using EcoValue.Data.Items;
using EcoValue.Data.Reports;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using EcoValue.Domain.Records;
using EcoValue.Domain.Verification;
using EcoValue.Domain.Verification.Reports;
using EcoValue.Ethereum;

namespace EcoValue.Api.Features.BulkVerification;

/// <summary>A bulk check's outcome: the report as signed and saved (its bytes are the file the buyer keeps).</summary>
public sealed record BulkOutcome(VerificationReport Report, byte[] Document);

/// <summary>
/// Checks up to 10,000 codes at once for a buyer (issue 7; docs/verification-report.md) and writes the signed report.
/// Each code gets the very answer a scan would (<see cref="VerificationService"/>, without logging a scan: a buyer
/// checking stock is not a consumer scanning a product); codes of one batch share its cached batch-level part, so
/// the work is one item lookup and one scan-history read per code, run in parallel. The report then proves, with
/// one OpenZeppelin multiproof per anchoring root and per issuance, every record the answers rest on.
/// </summary>
public sealed class BulkVerifier(
    VerificationService verification,
    ProofBuilder proofs,
    SerialTrees trees,
    ItemRepository items,
    ReportRepository store,
    ReportSigningKey signingKey,
    TimeProvider time)
{
    /// <summary>One input's answer: the view, or why the input is not a code at all; and whether its link names another host.</summary>
    private readonly record struct Answer(VerificationView? View, ReportReason? Unreadable, bool ForeignHost = false);

    /// <summary>Checks <paramref name="request"/>'s codes, signs the report, saves it for <paramref name="ownerId"/>.</summary>
    public async Task<BulkOutcome> VerifyAsync(BulkRequest request, string baseUrl, string ownerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = signingKey.Key; // fail before the work when reports cannot be signed
        var codes = request.Codes;
        var answers = new Answer[codes.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount * 2), CancellationToken = ct };
        await Parallel.ForAsync(0, codes.Count, parallel, async (i, c) => answers[i] = await AnswerAsync(codes[i], baseUrl, c).ConfigureAwait(false)).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var chain = await verification.ChainAsync(ct).ConfigureAwait(false);
        var report = await ComposeAsync(codes, answers, baseUrl, key.Address.ToLowerHex(), chain, now, ct).ConfigureAwait(false) with { Label = request.Label };
        var document = SignedReport.Create(report, key);
        var summary = JsonSerializer.Serialize(report.Summary.ByStatus);
        await store.SaveAsync(new ReportSummaryRow(report.Id, ownerId, report.CreatedAt, report.Summary.Total, summary, request.Label), document, ct).ConfigureAwait(false);
        return new BulkOutcome(report, document);
    }

    private async Task<Answer> AnswerAsync(string code, string baseUrl, CancellationToken ct)
    {
        if (code.Contains("/01/", StringComparison.Ordinal) || code.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            if (DigitalLink.Check(code, out var link) is { } error)
            {
                return new Answer(null, new ReportReason("code.malformed", "Not a valid GS1 Digital Link: " + error.En, "不是有效的 GS1 数字链接：" + error.Zh));
            }

            return new Answer((await verification.VerifyAsync(link!, baseUrl, null, ct).ConfigureAwait(false)).View, null, ForeignHost(code, baseUrl));
        }

        if (ItemSerial.NormaliseTyped(code) is not { } serial)
        {
            return new Answer(null, new ReportReason("code.unreadable",
                "Neither a GS1 Digital Link nor a code of the shape printed on our labels (13 characters, e.g. 7KQ2M-9XA3-HDPX).",
                "既不是 GS1 数字链接，也不是本平台标签上印制的码（13 位，例如 7KQ2M-9XA3-HDPX）。"));
        }

        return new Answer((await verification.VerifySerialAsync(serial, baseUrl, ct).ConfigureAwait(false))?.View, null);
    }

    private async Task<VerificationReport> ComposeAsync(
        IReadOnlyList<string> codes, Answer[] answers, string baseUrl, string signer, ChainView chain, DateTimeOffset now, CancellationToken ct)
    {
        // Every record an answer rests on, once; and the serials checked per issuance.
        var shown = new Dictionary<string, RecordProofView>(StringComparer.Ordinal);
        var serialsByIssuance = new Dictionary<string, (string Root, HashSet<string> Serials)>(StringComparer.Ordinal);
        foreach (var view in answers.Select(a => a.View).OfType<VerificationView>())
        {
            foreach (var proof in view.Proofs)
            {
                shown.TryAdd(proof.RecordId, proof);
            }

            if (view.ItemProof is { } ip)
            {
                if (!serialsByIssuance.TryGetValue(ip.IssuanceRecordId, out var entry))
                {
                    serialsByIssuance[ip.IssuanceRecordId] = entry = (ip.SerialsRoot, new HashSet<string>(StringComparer.Ordinal));
                }

                entry.Serials.Add(ip.Serial);
            }
        }

        var multiProofs = await proofs.MultiProofAsync(shown.Values.Where(p => p.Status == "anchored").Select(p => p.RecordId), ct).ConfigureAwait(false);
        var anchors = new List<ReportAnchor>(multiProofs.Count);
        var proven = new Dictionary<string, string>(StringComparer.Ordinal); // record hash → root
        foreach (var m in multiProofs)
        {
            var root = Hex.Encode(m.Batch.Root);
            anchors.Add(new ReportAnchor(root, m.Batch.LeafCount, m.Batch.TxHash is { } tx ? Hex.Encode(tx) : null, m.Batch.BlockNumber, Proof(m.Proof)));
            foreach (var leaf in m.Proof.Leaves)
            {
                proven[Hex.Encode(leaf)] = root;
            }
        }

        // A record a view showed as anchored but that the multiproof could not prove changed in between (or was
        // edited): it is not anchored as far as this report can show.
        var records = shown.Values
            .Select(p => p.Status == "anchored" && !(proven.TryGetValue(p.RecordHash, out var r) && r == p.Root)
                ? new ReportRecord(p.RecordId, p.Role, "tampered", p.RecordHash, null, null)
                : new ReportRecord(p.RecordId, p.Role, p.Status, p.RecordHash, p.Status == "anchored" ? p.Envelope : null, p.Status == "anchored" ? p.Root : null))
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var anchored = records.Where(r => r.Status == "anchored").Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var serialTrees = new List<ReportSerialTree>();
        var provenSerials = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (issuance, (root, serials)) in serialsByIssuance.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!anchored.Contains(issuance) || await items.GetIssuanceAsync(issuance, ct).ConfigureAwait(false) is not { } row)
            {
                continue;
            }

            var (tree, matches) = await trees.GetAsync(row, Hex.Decode(root), ct).ConfigureAwait(false);
            if (!matches)
            {
                continue;
            }

            var indices = serials.Select(s => (Serial: s, Index: tree.IndexOf(ItemSerial.TreeValue(s)))).Where(x => x.Index >= 0).ToList();
            serialTrees.Add(new ReportSerialTree(issuance, root, Proof(tree.GetMultiProof([.. indices.Select(x => x.Index)]))));
            provenSerials.UnionWith(indices.Select(x => x.Serial));
        }

        var results = new List<ReportResult>(codes.Count);
        for (var i = 0; i < codes.Count; i++)
        {
            results.Add(Result(i, codes[i], answers[i], anchored, provenSerials));
        }

        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            byStatus[r.Status] = byStatus.GetValueOrDefault(r.Status) + 1;
        }

        return new VerificationReport(
            VerificationReport.TypeName, VerificationReport.CurrentVersion, RecordEnvelope.NewId(now), BatchPart.Stamp(now), baseUrl, signer,
            new ReportChain(chain.ChainId, chain.Contract?.ToLowerInvariant()), new ReportSummary(results.Count, byStatus),
            results, records, anchors, serialTrees);
    }

    private static ReportResult Result(int index, string input, Answer answer, HashSet<string> anchored, HashSet<string> provenSerials)
    {
        if (answer.View is not { } view)
        {
            // A serial no item has: the same reason a scan of an unknown code gives.
            var unknown = Verdict.Decide(new VerificationFacts(false, [], LicenceStanding.None, null, null, false)).Reasons[0];
            var reasons = answer.Unreadable is { } u ? [u] : new List<ReportReason> { new(unknown.Code, unknown.En, unknown.Zh) };
            return new ReportResult(index, input, Name(VerificationStatus.Unknown), reasons, null, null, null, null, null, null, null, null, null, []);
        }

        var status = Name(view.Status);
        var reasonList = view.Reasons.Select(r => new ReportReason(r.Code, r.En, r.Zh)).ToList();
        if (answer.ForeignHost)
        {
            // Worst first, as everywhere: it leads when it sets the status, and follows a worse one.
            var foreign = new ReportReason("link.foreign_host",
                "The link points to another website than the one our codes are issued under: a label carrying it sends shoppers elsewhere. It may be a counterfeit label copying a real code.",
                "此链接指向的网站并非本平台签发商品码所用的网站：印有它的标签会把消费者引向别处，可能是复制真实商品码的假冒标签。");
            if (view.Status is VerificationStatus.Genuine or VerificationStatus.Pending)
            {
                status = Name(VerificationStatus.Suspicious);
                reasonList.Insert(0, foreign);
            }
            else
            {
                reasonList.Add(foreign);
            }
        }

        var recordIds = view.Proofs.Select(p => p.RecordId).ToList();
        if (view.Status == VerificationStatus.Genuine
            && (recordIds.Any(id => !anchored.Contains(id)) || (view.Item is { } item && !provenSerials.Contains(item.Serial))))
        {
            // What the view saw as genuine, the report could not prove: never sign GENUINE without its proof.
            status = Name(VerificationStatus.Tampered);
            reasonList.Insert(0, new ReportReason("tampered.proof", "A record this answer rests on could not be proven under its anchored root.", "此结果所依据的记录无法在其上链根下得到证明。"));
        }

        return new ReportResult(index, input, status, reasonList, view.Link, view.Batch?.Gtin, view.Batch?.Lot, view.Item?.Serial, view.Batch?.Id,
            view.Batch?.Product, view.Producer?.Name, view.Licence?.Id, view.ItemProof?.IssuanceRecordId, recordIds);
    }

    /// <summary>
    /// A full link whose scheme, host or port is not the one our codes are issued under: scanned, it would take a
    /// consumer to someone else's page, whatever code it carries. That is what a counterfeit label copying a real
    /// code looks like, so it is reported (and a genuine or pending answer becomes SUSPICIOUS). Paths carry no host.
    /// </summary>
    private static bool ForeignHost(string code, string baseUrl) =>
        code.StartsWith("http", StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate(code, UriKind.Absolute, out var given) && Uri.TryCreate(baseUrl, UriKind.Absolute, out var ours)
        && (!string.Equals(given.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(given.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase) || given.Port != ours.Port);

    private static string Name(VerificationStatus status) => status.ToString().ToUpperInvariant();

    private static ReportMultiProof Proof(MerkleMultiProof proof) =>
        new([.. proof.Leaves.Select(l => Hex.Encode(l))], [.. proof.Proof.Select(p => Hex.Encode(p))], proof.ProofFlags);
}
