using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using EcoValue.Domain.Records;
using EcoValue.Domain.Verification;
using EcoValue.Ethereum;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// Verification views with real proofs, as the resolver will hand them to the page: real record envelopes (batch,
/// code issuance with its serials root, lab result, journey events), a StandardMerkleTree over their hashes among
/// others (so proofs have several steps), and the item's serial tree. <see cref="Genuine"/> is the base; tests derive
/// the other statuses and the tampered variants from it with <c>with</c>.
/// </summary>
internal static class ConsumerViews
{
    public const string Contract = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    public const string Gtin = "06901234567892";
    public const string Lot = "BS-2026-05";

    /// <summary>Everything a test may need besides the view: the record tree (its root to anchor) and the serials.</summary>
    public sealed record Built(VerificationView View, StandardMerkleTree Records, StandardMerkleTree Serials, IReadOnlyList<string> AllSerials);

    public static Built Genuine(string? publicRpcUrl = null, string? contract = Contract, long chainId = 31337, long? blockNumber = 42, int fillers = 29)
    {
        var at = new DateTimeOffset(2026, 5, 3, 6, 5, 0, TimeSpan.Zero);
        var serials = Enumerable.Range(0, 50).Select(_ => ItemSerial.New()).ToList();
        var serial = serials[17];
        var serialTree = ItemSerial.BuildTree(serials);

        var batch = Record("batch", "batch:b-1", at.AddDays(-10), new JsonObject
        {
            ["product"] = "白沙绿茶", ["category"] = "tea", ["gtin"] = Gtin, ["lot"] = Lot, ["harvestDate"] = "2026-04-20", ["quantity"] = 1200, ["unit"] = "kg",
        });
        var issuance = Record("item-issuance", "batch:b-1", at.AddDays(-5), new JsonObject
        {
            ["batch"] = "b-1", ["count"] = serials.Count, ["serialsRoot"] = serialTree.RootHex,
        });
        var lab = Record("lab-result", "batch:b-1", at.AddDays(-8), new JsonObject
        {
            ["lab"] = "海南省农产品质量检测中心", ["sampleDate"] = "2026-04-22", ["analytes"] = new JsonArray(new JsonObject { ["name"] = "毒死蜱", ["value"] = 0.02 }),
        });
        var harvest = Record("field-event", "batch:b-1", at.AddDays(-13), new JsonObject { ["kind"] = "harvest", ["place"] = "白沙黎族自治县" });
        var shipping = Record("field-event", "batch:b-1", at.AddDays(-4), new JsonObject { ["kind"] = "shipping", ["place"] = "海口" });
        var records = new[] { ("batch", batch), ("item-issuance", issuance), ("lab-result", lab), ("event", harvest), ("event", shipping) };

        // The anchoring window held other records too: the proofs have several steps, and the leaves' order is the tree's.
        var hashes = records.Select(r => Keccak.Hash(r.Item2.ToCanonicalJson())).Concat(Enumerable.Range(0, fillers).Select(_ => RandomNumberGenerator.GetBytes(32))).ToList();
        var tree = StandardMerkleTree.Build(hashes);
        var tx = Hex.Encode(RandomNumberGenerator.GetBytes(32));
        var proofs = records.Select((r, i) => new RecordProofView(
            r.Item1, r.Item2.Id, "anchored", Encoding.UTF8.GetString(r.Item2.ToCanonicalJson()), Hex.Encode(hashes[i]),
            Hex.Encode(StandardMerkleTree.LeafHash(hashes[i])), [.. tree.GetProof(i).Select(p => Hex.Encode(p))], tree.RootHex, i,
            tx, blockNumber, null)).ToList();

        var index = serials.IndexOf(serial);
        var itemProof = new ItemProofView(serial, Hex.Encode(ItemSerial.TreeValue(serial)), Hex.Encode(StandardMerkleTree.LeafHash(ItemSerial.TreeValue(serial))),
            [.. serialTree.GetProof(index).Select(p => Hex.Encode(p))], serialTree.RootHex, issuance.Id);

        var view = new VerificationView(
            Link: $"https://ev.example/01/{Gtin}/10/{Lot}/21/{serial}",
            Status: VerificationStatus.Genuine,
            Headline: new("Recorded, anchored on chain and licensed", "已登记、已上链存证并获品牌许可"),
            Reasons: [],
            Advice: new("You can buy it with confidence.", "可放心购买。"),
            CheckedAt: "2026-05-03T06:05:00Z",
            Item: new ItemView(serial, ItemSerial.Grouped(serial), "2026-04-28T02:00:00Z", "2026-05-01T03:30:00Z", 3, false, null),
            Batch: new BatchView("b-1", Gtin, Lot, "白沙绿茶", "tea", "2026-04-20", 1200, "kg"),
            Producer: new ProducerView("p-1", "白沙绿茶专业合作社", new RegionView("469025", "白沙黎族自治县", "Baisha Li Autonomous County"), "南开乡茶园", new RegionView("469025", "白沙黎族自治县", "Baisha Li Autonomous County")),
            Journey:
            [
                new JourneyStepView("harvest", "2026-04-20T01:00:00Z", "白沙黎族自治县南开乡", new RegionView("469025", "白沙黎族自治县", "Baisha Li Autonomous County"), harvest.Id),
                new JourneyStepView("shipping", "2026-04-29T09:00:00Z", "海口", null, shipping.Id),
            ],
            LabResults:
            [
                new LabResultView("海南省农产品质量检测中心", "2026-04-22",
                [
                    new AnalyteView("毒死蜱 chlorpyrifos", 0.02, "mg/kg", 0.1, "GB 2763-2021"),
                    new AnalyteView("铅 lead", 0.7, "mg/kg", 0.5, "GB 2762-2022"),
                    new AnalyteView("水分 moisture", 6.5, "%", null, null),
                ], lab.Id),
            ],
            Licence: new LicenceView("lic-1", new BrandView("br-1", "海南鲜品", "Hainan Fresh"), "hainan-fresh-tea", "1.0", "active",
                "2026-01-01", "2028-12-31", "海南生态认证中心", null, "/api/v1/licences/lic-1/verify"),
            Recall: null,
            Proofs: proofs,
            ItemProof: itemProof,
            Chain: new ChainView(chainId, contract, publicRpcUrl, "https://explorer.example/tx/{tx}"));
        return new Built(view, tree, serialTree, serials);
    }

    /// <summary>The same view with another status, and reasons as the verdict gives them.</summary>
    public static VerificationView WithStatus(VerificationView view, VerificationStatus status)
    {
        var (headline, reasons, advice) = status switch
        {
            VerificationStatus.Pending => (new Bilingual("Recorded; the proof is on its way", "已登记，证明生成中"),
                new[] { R("pending", status, "Recorded, but not yet anchored on the blockchain; the proof will be ready within minutes.", "已记录，但尚未上链存证；证明将在几分钟内生成。") },
                new Bilingual("Check again in a few minutes.", "请几分钟后再查。")),
            VerificationStatus.Suspicious => (new Bilingual("This code may have been copied", "此码可能被复制"),
                new[] { R("scans.impossible_travel", status, "This code was scanned in Haikou and in Beijing, 2267 km apart, within 30 minutes. One pack cannot travel that fast: the code may have been copied.", "此码先后在海口和北京被扫描，两地相距 2267 公里，间隔仅 30 分钟。同一件商品不可能移动这么快：此码可能被复制。") },
                new Bilingual("Buy only from a shop you trust, and report it.", "请只在可信的商店购买，并举报此码。")),
            VerificationStatus.Recalled => (new Bilingual("This batch has been recalled", "该批次已被召回"),
                new[] { R("batch.recalled", status, "This batch has been recalled: residue over the limit", "该批次已被召回：农残超标") },
                new Bilingual("Do not eat it; return it to the shop.", "请勿食用，请退回商店。")),
            VerificationStatus.Revoked => (new Bilingual("The brand licence was revoked", "品牌许可已被撤销"),
                new[] { R("licence.revoked", status, "The producer's licence for this brand has been revoked.", "生产者的品牌使用许可已被撤销。") },
                new Bilingual("This product may no longer carry the brand.", "该产品已无权使用此品牌。")),
            VerificationStatus.Suspended => (new Bilingual("The brand licence is suspended", "品牌许可已暂停"),
                new[] { R("licence.suspended", status, "The producer's licence for this brand is suspended.", "生产者的品牌使用许可已被暂停。") },
                new Bilingual("Ask the seller.", "请咨询商家。")),
            VerificationStatus.Expired => (new Bilingual("The brand licence has expired", "品牌许可已过期"),
                new[] { R("licence.expired", status, "The producer's licence for this brand has expired.", "生产者的品牌使用许可已过期。") },
                new Bilingual("Ask the seller.", "请咨询商家。")),
            VerificationStatus.Tampered => (new Bilingual("A record was changed after it was anchored", "记录在存证后被改动"),
                new[] { R("record.tampered", status, "The lab result no longer matches its anchored hash.", "检测结果与其上链哈希不再一致。") },
                new Bilingual("Do not trust this page's facts; report it.", "请勿相信本页信息，并举报。")),
            VerificationStatus.Unknown => (new Bilingual("This code was never issued", "此码从未签发"),
                new[] { R("unknown", status, "This code was never issued by this system. The product may be counterfeit.", "本系统从未签发过此码，商品可能是假冒的。") },
                new Bilingual("", "")),
            _ => (view.Headline, Array.Empty<ReasonView>(), view.Advice),
        };
        return view with { Status = status, Headline = headline, Reasons = reasons, Advice = advice };
    }

    private static ReasonView R(string code, VerificationStatus status, string en, string zh) => new(code, status.ToString().ToUpperInvariant(), en, zh);

    private static RecordEnvelope Record(string kind, string subject, DateTimeOffset at, JsonObject data) =>
        RecordEnvelope.Create(kind, subject, "user:farmer", at, data);
}
