using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Features.Catalogue;

/// <summary>
/// Every word the public catalogue page (<c>/catalogue</c>) says itself, English and Chinese side by side so a
/// translator reviews one file. Licence states and category names are the consumer page's (<see cref="ConsumerText"/>),
/// so a buyer and a consumer read the same word for the same thing.
/// </summary>
internal static class CatalogueText
{
    public static readonly Bilingual PageName = new("Catalogue", "认证名录");
    public static readonly Bilingual Title = new("Certified producers and products", "认证生产者与产品");
    public static readonly Bilingual Intro = new(
        "Producers holding an eco-product brand licence, with each licence's status and their branded batches. Each licence links to its public check on the blockchain; each product opens the page a consumer sees when scanning its code.",
        "持有生态产品品牌许可的生产者、各许可的状态及其使用品牌的批次。每个许可都链接到其在区块链上的公开核验；每个产品都会打开消费者扫码时看到的页面。");

    // The form
    public static readonly Bilingual SearchLabel = new("Search", "搜索");
    public static readonly Bilingual SearchHint = new("Producer, product, brand or region, in Chinese or English (two characters are enough, e.g. 白沙)", "生产者、产品、品牌或地区，中英文均可（两个字即可，例如“白沙”）");
    public static readonly Bilingual BrandLabel = new("Brand", "品牌");
    public static readonly Bilingual AnyBrand = new("Any brand", "全部品牌");
    public static readonly Bilingual RegionLabel = new("Region code", "行政区划代码");
    public static readonly Bilingual RegionHint = new("GB/T 2260 code or its start: 46 Hainan, 4690 its counties, 469025 Baisha", "GB/T 2260 代码或其前几位：46 海南省，4690 省直辖县级行政区，469025 白沙");
    public static readonly Bilingual CategoryLabel = new("Category", "品类");
    public static readonly Bilingual AnyCategory = new("Any category", "全部品类");
    public static readonly Bilingual StatusLabel = new("Licence status", "许可状态");
    public static readonly Bilingual AnyStatus = new("Any status", "全部状态");
    public static readonly Bilingual Search = new("Search", "搜索");
    public static readonly Bilingual Clear = new("Clear", "清除");

    // Results
    public static readonly Bilingual Results = new("Results", "搜索结果");
    public static readonly Bilingual OnThisPage = new("{0} producer(s) on this page", "本页 {0} 个生产者");
    public static readonly Bilingual NoResults = new("No certified producer matches. Try fewer words or clear the filters.", "没有符合条件的认证生产者。请减少关键词或清除筛选条件。");
    public static readonly Bilingual Region = new("Region", "所在地区");
    public static readonly Bilingual Licences = new("Licences", "品牌许可");
    public static readonly Bilingual Products = new("Products", "产品");
    public static readonly Bilingual NoProducts = new("No branded batch yet.", "尚无使用品牌的批次。");
    public static readonly Bilingual Valid = new("valid {0} – {1}", "有效期 {0} 至 {1}");
    public static readonly Bilingual CheckLicence = new("Check licence", "核验许可");
    public static readonly Bilingual Harvested = new("harvested {0}", "采收于 {0}");
    public static readonly Bilingual Pages = new("Pages", "分页");
    public static readonly Bilingual NextPage = new("Next page", "下一页");
    public static readonly Bilingual FirstPage = new("First page", "第一页");

    // Bad input
    public static readonly Bilingual BadQuery = new("This search cannot be run", "无法执行此搜索");
    public static readonly Bilingual BadQueryText = new("Please correct the following and search again:", "请修改以下内容后重新搜索：");
    public static readonly Bilingual BadCursor = new("This page link is out of date or damaged. Start again from the first page.", "此分页链接已失效或已损坏，请从第一页重新开始。");

    /// <summary>The name of a query field in an error line.</summary>
    public static Bilingual Field(string field) => field switch
    {
        "q" => SearchLabel,
        "brand" => BrandLabel,
        "region" => RegionLabel,
        "category" => CategoryLabel,
        "status" => StatusLabel,
        "limit" => new("Page size", "每页数量"),
        "cursor" => new("Page link", "分页链接"),
        _ => new(field, field),
    };

    public static readonly Bilingual Footer = ConsumerText.Footer;
}
