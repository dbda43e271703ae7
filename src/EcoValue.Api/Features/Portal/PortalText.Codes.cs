namespace EcoValue.Api.Features.Portal;

/// <summary>Texts of the item-code page (/portal/batches/{id}/codes).</summary>
public static partial class PortalText
{
    public static readonly Text CodesTitle = new("Item codes and labels", "商品码与标签");
    public static readonly Text CodesLink = new("Item codes and labels", "商品码与标签");
    public static readonly Text CodesIssued = new("Codes issued", "已签发");
    public static readonly Text CodesPrintable = new("Codes in use (not withdrawn)", "可用（未撤回）");
    public static readonly Text CodesIntro = new(
        "Each item gets its own QR code: a GS1 Digital Link with a random serial. Consumers scan it to see where the product comes from and to check it is genuine. Codes cannot exceed the batch quantity or the brand quota.",
        "每件商品一个二维码：带随机序列号的 GS1 数字链接。消费者扫码即可查看产地并核验真伪。签发数量不能超过批次数量和品牌配额。");
    public static readonly Text CodesCount = new("How many codes", "签发数量");
    public static readonly Text CodesCountHint = new("1 to 100,000 at a time", "每次 1 至 100,000 个");
    public static readonly Text CodesItemQuantity = new("Amount per item", "每件数量");
    public static readonly Text CodesItemQuantityHint = new("In the batch's unit ({0}); e.g. 0.25 for a 250 g tin of a batch in kg", "以批次单位（{0}）计；如批次以 kg 计，250 克一罐填 0.25");
    public static readonly Text CodesIssue = new("Issue codes", "签发商品码");
    public static readonly Text CodesIssuedNotice = new("{0} codes issued. Each chunk of up to 10,000 is a record and will be anchored within seconds.", "已签发 {0} 个商品码。每批最多 10,000 个码为一条记录，几秒内上链存证。");
    public static readonly Text CodesDownload = new("Download labels", "下载标签");
    public static readonly Text CodesDownloadNote = new("Print-ready PDF sheets (A4, 3 × 8 labels), a ZIP of PNG or SVG images, or CSV for label printers.", "可打印的 PDF 标签页（A4，每页 3×8 个）、PNG 或 SVG 图片压缩包，或供标签打印机使用的 CSV。");
    public static readonly Text CodesBatchLabel = new("Batch code only (one label)", "仅批次码（一个标签）");
    public static readonly Text CodesNone = new("No item codes yet. Until codes are issued, labels carry the batch's own code.", "尚未签发商品码。签发前，标签使用批次码。");
    public static readonly Text CodesRefused = new("The codes were not issued", "未签发商品码");
}
