using EcoValue.Domain.Verification;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// What each status means to a shopper and what to do about it, in plain words and both languages (the consumer page
/// shows the headline large and the advice below it). 12315 is the national consumer complaint line (全国 12315 平台).
/// </summary>
public static class VerificationText
{
    public static Bilingual Headline(VerificationStatus status) => status switch
    {
        VerificationStatus.Genuine => new("Genuine: registered, anchored on the blockchain, nothing wrong found",
            "正品：已登记并上链存证，未发现问题"),
        VerificationStatus.Pending => new("Registered; the blockchain proof is still being made",
            "已登记，区块链存证正在生成"),
        VerificationStatus.Suspicious => new("Warning: this code may have been copied",
            "警告：此码可能被复制"),
        VerificationStatus.Recalled => new("Recalled: do not eat or use this product",
            "已召回：请勿食用或使用该商品"),
        VerificationStatus.Expired => new("The producer's brand licence has expired",
            "生产者的品牌使用许可已过期"),
        VerificationStatus.Suspended => new("The producer's brand licence is suspended",
            "生产者的品牌使用许可已被暂停"),
        VerificationStatus.Revoked => new("The producer's brand licence has been revoked",
            "生产者的品牌使用许可已被撤销"),
        VerificationStatus.Tampered => new("Warning: the records behind this product have been altered",
            "警告：该商品的记录已被篡改"),
        _ => new("Unknown code: possibly counterfeit",
            "未知的码：可能是假冒商品"),
    };

    public static Bilingual Advice(VerificationStatus status) => status switch
    {
        VerificationStatus.Genuine => new(
            "You can buy it with confidence. Origin, journey and lab results are below, and the proof lets anyone check this answer without trusting this website.",
            "可以放心购买。下方列出产地、流转过程和检测结果；附带的证明让任何人都能独立核验，无需信任本网站。"),
        VerificationStatus.Pending => new(
            "The product and its records are registered, but the newest records are not yet anchored on the blockchain (this usually takes minutes). You may buy it; scan again later to see the complete proof.",
            "该商品及其记录已登记，但最新记录尚未上链（通常只需几分钟）。可以购买；稍后再次扫码即可查看完整证明。"),
        VerificationStatus.Suspicious => new(
            "Do not buy it if you are unsure. A genuine code belongs to one pack, and this one is being scanned in ways one pack cannot be. Compare the code and packaging with the seller, keep your receipt, and report it to the brand operator or call 12315.",
            "如有疑问请勿购买。一个正品码只对应一件商品，而此码的扫描情况不可能来自同一件商品。请与商家核对商品码和包装，保留购物凭证，并向品牌运营方举报或拨打 12315。"),
        VerificationStatus.Recalled => new(
            "The brand operator has recalled this batch for the reason shown. Stop using the product and return it to the seller for a refund.",
            "品牌运营方已因下述原因召回该批次。请停止使用，并退还商家办理退款。"),
        VerificationStatus.Expired => new(
            "The product is registered, but the producer's right to use the brand has lapsed, so the brand's guarantee no longer covers it. Ask the seller, or buy from a licensed producer.",
            "该商品已登记，但生产者的品牌使用权已失效，品牌保证不再覆盖该商品。请向商家询问，或选择持证生产者的商品。"),
        VerificationStatus.Suspended => new(
            "The producer's right to use the brand is suspended while a problem is looked into, so the brand's guarantee does not cover this product now. Prefer another product until the licence is reinstated.",
            "生产者的品牌使用权因问题调查被暂停，品牌保证当前不覆盖该商品。在许可恢复前，建议选择其他商品。"),
        VerificationStatus.Revoked => new(
            "The certifier has revoked the producer's right to use the brand, so the product may not carry it. Do not pay for the brand: ask the seller, and report it to the brand operator or call 12315.",
            "认证机构已撤销生产者的品牌使用权，该商品不得再使用此品牌。请勿为品牌溢价买单：向商家询问，并向品牌运营方举报或拨打 12315。"),
        VerificationStatus.Tampered => new(
            "What this website shows no longer matches what was anchored on the blockchain, so do not rely on it. Report it to the brand operator; the proof below shows which record fails.",
            "本网站显示的内容与区块链上存证的内容不一致，请勿依赖这些信息。请向品牌运营方举报；下方的证明标明了哪条记录未通过核验。"),
        _ => new(
            "This code was never issued by this system. Do not buy the product; report it to the seller and the brand operator, or call 12315.",
            "本系统从未签发过此码。请勿购买该商品；请告知商家并向品牌运营方举报，或拨打 12315。"),
    };

    /// <summary>Status names as the view's JSON writes them (the enum's names: Genuine, Suspicious …), for reasons and problems alike.</summary>
    public static string Name(VerificationStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>A record's role in a view, as a reason names it.</summary>
    public static (string En, string Zh) Role(string role) => role switch
    {
        "batch" => ("batch", "批次"),
        "field-event" => ("journey event", "流转事件"),
        "lab-result" => ("lab result", "检测结果"),
        "licence" => ("licence", "许可"),
        "brand-claim" => ("brand claim", "品牌使用"),
        "recall" => ("recall", "召回"),
        "item-issuance" => ("code issuance", "商品码签发"),
        "item-withdrawal" => ("code withdrawal", "商品码撤回"),
        _ => (role, role),
    };
}
