using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Features.Dossier;

/// <summary>
/// The dossier's words. A printed dossier travels between a Chinese producer and buyers from anywhere, so every
/// label is in both languages at once ("产地 Origin"), never one or the other; the consumer page's words are reused
/// where they say the same thing.
/// </summary>
internal static class DossierText
{
    public static readonly Bilingual Title = new("Provenance dossier", "产品溯源档案");
    public static readonly Bilingual GeneratedAt = new("Generated", "生成时间");
    public static readonly Bilingual BatchId = new("Batch id", "批次编号");
    public static readonly Bilingual Intro = new(
        "Public facts of this batch as registered and anchored on a public blockchain, each with its proof: anyone can check them offline without trusting the issuer of this document.",
        "本档案列出该批次已登记并锚定在公有区块链上的公开信息，每条均附证明：任何人都可离线核验，无需信任本文件的出具方。");

    public static readonly Bilingual Product = new("Product", "产品");
    public static readonly Bilingual DigitalLink = new("GS1 Digital Link", "GS1 数字链接");
    public static readonly Bilingual Origin = new("Producer and origin", "生产者与产地");
    public static readonly Bilingual PlotRegion = new("Plot region", "地块所在地区");
    public static readonly Bilingual PublicOnly = new(
        "Contacts and exact plot locations are not published.", "不公开联系方式和地块精确位置。");

    public static readonly Bilingual LicenceId = new("Licence", "许可编号");
    public static readonly Bilingual CertifierAddress = new("Certifier (signing address)", "认证人（签名地址）");
    public static readonly Bilingual StandardVersion = new("Standard id and version", "标准编号与版本");
    public static readonly Bilingual StandardHash = new("Standard hash", "标准哈希");
    public static readonly Bilingual CredentialHash = new("Credential document hash", "凭证文档哈希");
    public static readonly Bilingual VerifyUrl = new("Verify online", "在线核验");

    public static readonly Bilingual Evaluation = new("Evaluation summary", "评估摘要");
    public static readonly Bilingual Overall = new("Overall", "总体结论");
    public static readonly Bilingual AsOf = new("Evaluated on", "评估日期");
    public static readonly Bilingual DecidedAt = new("Decided", "决定时间");
    public static readonly Bilingual Application = new("Application", "申请编号");
    public static readonly Bilingual ReportHash = new("Report hash (as in the anchored decision record)", "评估报告哈希（与上链决定记录一致）");
    public static readonly Bilingual Criterion = new("Criterion", "标准条款");
    public static readonly Bilingual Outcome = new("Outcome", "结论");
    public static readonly Bilingual NoEvaluation = new("The evaluation is not available.", "无可用的评估结果。");

    public static readonly Bilingual When = new("Time (UTC)", "时间（UTC）");
    public static readonly Bilingual Step = new("Step", "环节");
    public static readonly Bilingual Place = new("Place", "地点");
    public static readonly Bilingual Record = new("Record", "记录");
    public static readonly Bilingual Laboratory = new("Laboratory", "检测机构");
    public static readonly Bilingual SampleDate = new("Sampled", "抽样日期");
    public static readonly Bilingual Verdict = new("Verdict", "判定");
    public static readonly Bilingual RecallReason = new("Reason", "召回原因");
    public static readonly Bilingual RecalledAt = new("Recalled", "召回时间");

    public static readonly Bilingual Proofs = new("Proofs", "存证证明");
    public static readonly Bilingual ProofsIntro = new(
        "For each record: keccak256(envelope) = record hash; leaf = keccak256(keccak256(record hash)); the Merkle path leads from the leaf to the root (OpenZeppelin sorted pairs); the root is stored in the AnchorRegistry contract by the transaction named.",
        "每条记录：keccak256(记录内容) = 记录哈希；叶子 = keccak256(keccak256(记录哈希))；默克尔路径由叶子推导至根（OpenZeppelin 有序配对）；根由所列交易写入 AnchorRegistry 合约。");
    public static readonly Bilingual ChainId = new("Chain id", "链 ID");
    public static readonly Bilingual Contract = new("AnchorRegistry contract", "AnchorRegistry 合约");
    public static readonly Bilingual Role = new("Record of", "记录类型");
    public static readonly Bilingual Status = new("Status", "状态");
    public static readonly Bilingual RecordHash = new("Record hash", "记录哈希");
    public static readonly Bilingual Leaf = new("Leaf", "叶子");
    public static readonly Bilingual Root = new("Merkle root", "默克尔根");
    public static readonly Bilingual Transaction = new("Transaction", "交易");
    public static readonly Bilingual Block = new("Block", "区块");
    public static readonly Bilingual MerklePath = new("Merkle path", "默克尔路径");
    public static readonly Bilingual Envelope = new("Record envelope", "记录内容");
    public static readonly Bilingual Problem = new("Problem", "问题");

    public static readonly Bilingual Credential = new("Licence credential (W3C Verifiable Credential, EIP-712 signed)", "许可凭证（W3C 可验证凭证，EIP-712 签名）");
    public static readonly Bilingual Page = new("Page {0}", "第 {0} 页");

    public static Bilingual OutcomeName(string outcome) => outcome switch
    {
        "pass" => new("Pass", "通过"),
        "fail" => new("Fail", "不通过"),
        "missing_evidence" => new("Missing evidence", "缺少证据"),
        "not_applicable" => new("Not applicable", "不适用"),
        _ => new(outcome, outcome),
    };

    public static Bilingual ProofStatus(string status) => status switch
    {
        "anchored" => new("Anchored", "已上链"),
        "anchoring" => new("Being anchored", "上链中"),
        "pending" => new("Pending", "待上链"),
        "tampered" => new("Tampered", "已被篡改"),
        _ => new(status, status),
    };

    /// <summary>A text in both languages on one line: Chinese first, as the product's home market reads it.</summary>
    public static string Both(Bilingual text) => text.Zh == text.En ? text.Zh : text.Zh + " " + text.En;

    /// <summary>A region as "白沙黎族自治县 Baisha Li Autonomous County (469025)".</summary>
    public static string Region(RegionView? region) => region is null
        ? string.Empty
        : string.Join(" ", new[] { region.Zh, region.En, $"({region.Code})" }.Where(s => !string.IsNullOrEmpty(s)));
}
