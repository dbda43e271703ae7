namespace EcoValue.Api.Features.Portal;

/// <summary>Texts of the dossier download page (/portal/batches/{id}/dossier).</summary>
public static partial class PortalText
{
    public static readonly Text DossierTitle = new("Provenance dossier", "产品溯源档案");
    public static readonly Text DossierLink = new("Provenance dossier", "溯源档案");
    public static readonly Text DossierIntro = new(
        "Everything the consumer page shows about this batch — producer, plot region, licence with its signed credential, the evaluation behind it, journey, lab results — each record with its blockchain proof. Public facts only: you may hand it to anyone.",
        "本批次在消费者页面公开的全部信息——生产者、地块所在地区、许可及其签名凭证、许可所依据的评估、溯源历程、检测结果——每条记录均附区块链存证证明。仅含公开信息，可交给任何人查看。");
    public static readonly Text DossierPdf = new("PDF (A4, Chinese and English)", "PDF（A4，中英文）");
    public static readonly Text DossierHtml = new("Web page (printable)", "网页（可打印）");
    public static readonly Text DossierJson = new("JSON (with proofs)", "JSON（含证明）");
    public static readonly Text DossierEpcis = new("EPCIS 2.0 (GS1)", "EPCIS 2.0（GS1）");
    public static readonly Text DossierFormatInvalid = new("Choose one of the formats below.", "请选择下面的格式之一。");
}
