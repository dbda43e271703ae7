namespace EcoValue.Api.Features.Portal;

/// <summary>Texts of the buyer's pages: its landing on /portal and the catalogue (/portal/catalogue).</summary>
public static partial class PortalText
{
    public static readonly Text BuyerPortalName = new("Buyer portal", "采购商门户");
    public static readonly Text NavCatalogue = new("Catalogue", "认证名录");

    // Landing
    public static readonly Text BuyerHomeTitle = new("Welcome", "欢迎");
    public static readonly Text BuyerIntro = new(
        "Here you check who is really certified before you buy, and take home evidence you can verify later without us.",
        "在这里，您可以在采购前核实谁真正获得了认证，并带走日后无需依赖本平台即可自行核验的证据。");
    public static readonly Text BuyerCatalogueHeading = new("Find certified producers", "查找认证生产者");
    public static readonly Text BuyerCatalogueText = new(
        "Search the catalogue by name, product, brand or region, in Chinese or English, and filter by brand, category and licence status. Each producer shows its licences (valid, suspended or revoked) with a link to check each one on the blockchain.",
        "按名称、产品、品牌或地区（中英文均可）搜索认证名录，并按品牌、品类和许可状态筛选。每个生产者都列出其品牌许可（有效、暂停或撤销），并附有在区块链上核验每个许可的链接。");
    public static readonly Text BuyerDossierHeading = new("Take the evidence home", "带走溯源证据");
    public static readonly Text BuyerDossierText = new(
        "For every branded batch in the catalogue you can download its provenance dossier: producer, plot, licence, lab results, journey and the proofs anchored on chain, as a printable PDF or HTML page, as JSON, or as GS1 EPCIS events for your own systems.",
        "对于名录中每个使用品牌的批次，您都可以下载其溯源档案：生产者、地块、许可、检测结果、溯源历程以及链上存证证明，格式可选可打印的 PDF 或 HTML 页面、JSON，或供您自有系统使用的 GS1 EPCIS 事件。");
    public static readonly Text BuyerScanText = new(
        "At a stand, scanning a product's code with any phone camera opens its public check page: genuine, recalled, revoked or unknown.",
        "在展位上，用任意手机相机扫描产品上的码，即可打开其公开核验页面：正品、已召回、许可已撤销或未知。");
    public static readonly Text OpenCatalogue = new("Open the catalogue", "打开认证名录");
    public static readonly Text PublicCatalogue = new("Public catalogue (no sign-in needed, to share)", "公开名录（无需登录，可分享）");

    // Catalogue
    public static readonly Text CatalogueTitle = new("Catalogue of certified producers", "认证生产者名录");
    public static readonly Text CatalogueIntro = new(
        "Producers holding a brand licence, with their licences and branded batches. Each batch links to its public check page and to its provenance dossier.",
        "持有品牌许可的生产者及其品牌许可和使用品牌的批次。每个批次都链接到其公开核验页面及溯源档案。");
    public static readonly Text CatalogueSearch = new("Search", "搜索");
    public static readonly Text CatalogueSearchHint = new("Producer, product, brand or region, in Chinese or English (two characters are enough)", "生产者、产品、品牌或地区，中英文均可（两个字即可）");
    public static readonly Text AnyBrand = new("Any brand", "全部品牌");
    public static readonly Text RegionPrefix = new("Region code", "行政区划代码");
    public static readonly Text RegionPrefixHint = new("GB/T 2260 code or its start: 46 Hainan, 4690 its counties, 469025 Baisha", "GB/T 2260 代码或其前几位：46 海南省，4690 省直辖县级行政区，469025 白沙");
    public static readonly Text AnyCategory = new("Any category", "全部品类");
    public static readonly Text LicenceStatus = new("Licence status", "许可状态");
    public static readonly Text AnyStatus = new("Any status", "全部状态");
    public static readonly Text CatalogueNone = new("No certified producer matches. Try fewer words or clear the filters.", "没有符合条件的认证生产者。请减少关键词或清除筛选条件。");
    public static readonly Text CatalogueOnPage = new("{0} producer(s) on this page", "本页 {0} 个生产者");
    public static readonly Text CatalogueBadCursor = new("This page link is out of date or damaged. Start again from the first page.", "此分页链接已失效或已损坏，请从第一页重新开始。");
    public static readonly Text CatalogueRegion = new("Region", "所在地区");
    public static readonly Text CatalogueLicences = new("Licences", "品牌许可");
    public static readonly Text CatalogueProducts = new("Branded batches", "使用品牌的批次");
    public static readonly Text CatalogueNoProducts = new("No branded batch yet.", "尚无使用品牌的批次。");
    public static readonly Text ValidFromUntil = new("valid {0} – {1}", "有效期 {0} 至 {1}");
    public static readonly Text CheckLicence = new("Check licence", "核验许可");
    public static readonly Text Harvest = new("Harvested", "采收日期");
    public static readonly Text Dossier = new("Dossier", "溯源档案");
    public static readonly Text PageSize = new("Page size", "每页数量");
    public static readonly Text Search = new("Search", "搜索");
}
