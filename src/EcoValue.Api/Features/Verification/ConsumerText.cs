using EcoValue.Domain.Verification;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// Every word the consumer page says itself, English and Chinese side by side so a translator reviews one file.
/// Headline, reasons and advice come with the <see cref="VerificationView"/>; only the page's frame lives here.
/// </summary>
internal static class ConsumerText
{
    public static readonly Bilingual PageName = new("Product check", "产品核验");
    public static readonly Bilingual SkipToContent = new("Skip to content", "跳到正文");
    public static readonly Bilingual OtherLanguage = new("中文", "English");
    public static readonly Bilingual CheckedAt = new("Checked {0}", "核验时间：{0}");

    // The status in one or two words: what the consumer reads first (colour and icon only repeat it).
    public static Bilingual Word(VerificationStatus status) => status switch
    {
        VerificationStatus.Genuine => new("Genuine", "正品"),
        VerificationStatus.Pending => new("Recorded, proof pending", "已登记，存证中"),
        VerificationStatus.Suspicious => new("Suspicious", "可疑"),
        VerificationStatus.Recalled => new("Recalled", "已召回"),
        VerificationStatus.Expired => new("Licence expired", "许可已过期"),
        VerificationStatus.Suspended => new("Licence suspended", "许可已暂停"),
        VerificationStatus.Revoked => new("Licence revoked", "许可已撤销"),
        VerificationStatus.Tampered => new("Record tampered", "记录遭篡改"),
        _ => new("Unknown code", "未知的码"),
    };

    // Unknown and malformed links, when the service has no view to give.
    public static readonly Bilingual UnknownHeadline = new("This code was never issued", "此码从未签发");
    public static readonly Bilingual UnknownText = new(
        "No product with this code was ever registered here. Genuine products carry codes this system issued, so this product may be counterfeit.",
        "本系统从未登记过使用此码的产品。正品所带的码均由本系统签发，因此该商品可能是假冒的。");
    public static readonly Bilingual InvalidWord = new("Not a product code", "不是有效的产品码");
    public static readonly Bilingual InvalidHeadline = new("This link is not a valid product code", "此链接不是有效的产品码");
    public static readonly Bilingual InvalidText = new(
        "The link does not have the form of a product code this system issues (GS1 Digital Link). It may have been misprinted, damaged or made up.",
        "该链接不符合本系统签发的产品码格式（GS1 数字链接），可能印刷有误、已损坏或是伪造的。");
    public static readonly Bilingual UnknownAdvice = new(
        "Do not buy it, or keep the receipt if you already did. Show this page to the seller, and report the product to the market regulator (hotline 12315).",
        "请勿购买；如已购买，请保留购物凭证。可向商家出示本页面，并向市场监管部门举报（12315）。");
    public static readonly Bilingual ReportHere = new("Report this product", "举报此商品");
    public static readonly Bilingual ScannedLink = new("The link as scanned", "扫描到的链接");
    public static readonly Bilingual Withdrawn = new("This code was withdrawn by its producer:", "此码已被生产者作废：");
    public static readonly Bilingual WithdrawnNoReason = new("This code was withdrawn by its producer.", "此码已被生产者作废。");

    // Item
    public static readonly Bilingual ThisPack = new("This pack", "本件商品");
    public static readonly Bilingual Code = new("Code on the label", "标签上的码");
    public static readonly Bilingual Issued = new("Code issued", "赋码时间");
    public static readonly Bilingual FirstScan = new("First scanned", "首次扫描");
    public static readonly Bilingual FirstScanOn = new("First scanned on {0}.", "首次扫描于 {0}。");
    public static readonly Bilingual Scans = new("Times scanned", "扫描次数");
    public static readonly Bilingual ScanCount = new("{0} times, this scan included", "{0} 次（含本次）");
    public static readonly Bilingual FirstScanNow = new("This is the first scan of this code.", "这是此码的首次扫描。");
    public static readonly Bilingual ScansSoFar = new("Scanned {0} times so far. If you have only just bought it and it was scanned many times before, the code may be a copy.", "此码至今已被扫描 {0} 次。如果您刚刚购买，而它之前已被扫描多次，此码可能是复制的。");

    // Product, producer
    public static readonly Bilingual Product = new("Product", "产品");
    public static readonly Bilingual Category = new("Category", "品类");
    public static readonly Bilingual Lot = new("Lot", "批号");
    public static readonly Bilingual Gtin = new("GTIN", "商品条码（GTIN）");
    public static readonly Bilingual Harvested = new("Harvested", "采收日期");
    public static readonly Bilingual Quantity = new("Batch size", "批次数量");
    public static readonly Bilingual Producer = new("Producer and origin", "生产者与产地");
    public static readonly Bilingual ProducerName = new("Producer", "生产者");
    public static readonly Bilingual Region = new("Region", "所在地区");
    public static readonly Bilingual Plot = new("Grown at", "种植地块");

    /// <summary>A batch category's name (the slugs the standards use); an unknown slug as it is.</summary>
    public static Bilingual CategoryName(string slug) => slug switch
    {
        "tea" => new("Tea", "茶叶"),
        "coffee" => new("Coffee", "咖啡"),
        "tropical-fruit" => new("Tropical fruit", "热带水果"),
        "fruit" => new("Fruit", "水果"),
        "vegetables" => new("Vegetables", "蔬菜"),
        "rice" => new("Rice", "大米"),
        "honey" => new("Honey", "蜂蜜"),
        "spices" => new("Spices", "香料"),
        _ => new(slug, slug),
    };

    // Journey
    public static readonly Bilingual Journey = new("Journey", "溯源历程");
    public static readonly Bilingual NoJourney = new("No steps have been recorded yet.", "尚未记录任何环节。");

    public static Bilingual Step(string kind) => kind switch
    {
        "input-applied" => new("Input applied", "施用投入品"),
        "harvest" or "harvesting" => new("Harvest", "采收"),
        "packing" or "repackaging" => new("Packing", "包装"),
        "storage" or "storing" => new("Storage", "贮存"),
        "shipping" or "departing" or "transporting" => new("Shipping", "运输"),
        "arriving" or "receiving" => new("Received", "收货"),
        "processing" or "creating_class_instance" => new("Processing", "加工"),
        "sampling" or "inspecting" => new("Sampling", "抽样"),
        "commissioning" or "item-issuance" => new("Codes issued", "赋码"),
        "retail_selling" => new("On sale", "零售"),
        "other" => new("Other", "其他"),
        _ => new(kind, kind),
    };

    // Lab
    public static readonly Bilingual Lab = new("Lab results", "检测结果");
    public static readonly Bilingual NoLab = new("No lab results are published for this batch.", "该批次未公布检测结果。");
    public static readonly Bilingual Sampled = new("sampled {0}", "抽样日期 {0}");
    public static readonly Bilingual Analyte = new("Substance", "检测项目");
    public static readonly Bilingual Result = new("Result", "结果");
    public static readonly Bilingual Limit = new("Limit", "限量");
    public static readonly Bilingual Within = new("Within the limit", "未超标");
    public static readonly Bilingual Over = new("Over the limit", "超标");
    public static readonly Bilingual NoLimit = new("No limit set", "无限量要求");

    // Licence
    public static readonly Bilingual Licence = new("Brand and licence", "品牌与许可");
    public static readonly Bilingual Brand = new("Brand", "品牌");
    public static readonly Bilingual Standard = new("Standard", "认证标准");
    public static readonly Bilingual LicenceStatus = new("Licence status", "许可状态");
    public static readonly Bilingual ValidFromTo = new("Valid", "有效期");
    public static readonly Bilingual Certifier = new("Certified by", "认证机构");
    public static readonly Bilingual StatusReason = new("Reason", "原因");
    public static readonly Bilingual CheckLicence = new("Check this licence", "核验此许可");
    public static readonly Bilingual NoLicence = new("This batch carries no certified brand.", "该批次未使用认证品牌。");

    public static Bilingual LicenceState(string status) => status.ToUpperInvariant() switch
    {
        "ACTIVE" or "VALID" => new("Valid", "有效"),
        "SUSPENDED" => new("Suspended", "已暂停"),
        "REVOKED" => new("Revoked", "已撤销"),
        "EXPIRED" => new("Expired", "已过期"),
        "PENDING" => new("Being confirmed on chain", "链上确认中"),
        _ => new(status, status),
    };

    // Recall
    public static readonly Bilingual Recall = new("Recall notice", "召回通知");
    public static readonly Bilingual RecallText = new("This batch was recalled on {0}. Reason given:", "该批次已于 {0} 召回。召回原因：");

    // Proof
    public static readonly Bilingual CheckYourself = new("Check it yourself", "自行核验");
    public static readonly Bilingual CheckIntro = new(
        "Each fact above is a record whose hash is in a Merkle tree whose root is stored on a public blockchain. Your browser can recompute the hashes and the proofs below, and ask the chain whether the roots are there, without trusting this website.",
        "以上每条信息都是一条记录：记录的哈希位于一棵默克尔树中，树根存储在公共区块链上。您的浏览器可以重新计算下面的哈希与证明，并向区块链查询这些树根是否存在，无需信任本网站。");
    public static readonly Bilingual CheckButton = new("Check the proof in this browser", "在本浏览器中核验证明");
    public static readonly Bilingual NoScript = new(
        "The check runs in JavaScript, which is off. The data below lets you check with any keccak-256 tool: keccak256(record) must equal the record hash; keccak256(keccak256(record hash)) with the proof, pairs hashed smaller first, must give the root.",
        "核验需要 JavaScript，但它已被关闭。可使用任意 keccak-256 工具核验下方数据：keccak256(记录) 应等于记录哈希；keccak256(keccak256(记录哈希)) 按证明逐对（较小者在前）哈希后应得到树根。");
    public static readonly Bilingual NoProof = new("No records are available to check.", "暂无可核验的记录。");
    public static readonly Bilingual ProofData = new("Proof data", "证明数据");
    public static readonly Bilingual Link = new("Link", "链接");
    public static readonly Bilingual ChainId = new("Chain id", "链 ID");
    public static readonly Bilingual Contract = new("AnchorRegistry contract", "存证合约（AnchorRegistry）");
    public static readonly Bilingual PublicRpc = new("Public node", "公共节点");
    public static readonly Bilingual RecordId = new("Record id", "记录 ID");
    public static readonly Bilingual ProofStatus = new("Status", "状态");
    public static readonly Bilingual RecordHash = new("Record hash", "记录哈希");
    public static readonly Bilingual Leaf = new("Leaf", "叶子");
    public static readonly Bilingual MerkleProof = new("Merkle proof", "默克尔证明");
    public static readonly Bilingual Root = new("Root", "树根");
    public static readonly Bilingual Transaction = new("Transaction", "交易");
    public static readonly Bilingual Block = new("Block", "区块");
    public static readonly Bilingual Problem = new("Problem", "问题");
    public static readonly Bilingual Record = new("Record", "记录内容");
    public static readonly Bilingual ItemProof = new("This code among the codes issued", "本码属于已签发的码");
    public static readonly Bilingual Serial = new("Serial", "序列号");
    public static readonly Bilingual SerialValue = new("keccak256(serial)", "keccak256(序列号)");
    public static readonly Bilingual SerialsRoot = new("Serials root", "序列号树根");
    public static readonly Bilingual IssuanceRecord = new("Issuance record", "赋码记录");

    public static Bilingual Role(string role) => role switch
    {
        "batch" => new("Batch", "批次"),
        "item" => new("Item", "单品"),
        "item-issuance" => new("Code issuance", "赋码"),
        "lab-result" => new("Lab result", "检测结果"),
        "licence" => new("Licence", "许可"),
        "recall" => new("Recall", "召回"),
        "producer" => new("Producer", "生产者"),
        "event" or "field-event" => new("Journey step", "溯源环节"),
        _ => new(role, role),
    };

    public static readonly Bilingual Footer = new(
        "EcoValue: eco-product brand certification and traceability. Information anyone can look up, quality traceable to the plot.",
        "EcoValue 生态产品品牌认证与溯源：信息可查询、质量可追溯、责任可追查。");
}
