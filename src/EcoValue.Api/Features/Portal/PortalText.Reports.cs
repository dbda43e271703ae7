using EcoValue.Api.Features.BulkVerification;

namespace EcoValue.Api.Features.Portal;

/// <summary>Texts of the buyer's bulk verification pages (/portal/verify, /portal/reports, /portal/reports/{id}).</summary>
public static partial class PortalText
{
    public static readonly Text NavBulkVerify = new("Bulk verify", "批量核验");
    public static readonly Text NavReports = new("Reports", "核验报告");

    // /portal/verify
    public static readonly Text VerifyTitle = new("Bulk verify", "批量核验");
    public static readonly Text VerifyIntro = new(
        "Check a whole shipment at once: paste the codes, upload a CSV or text file, or scan the labels with your phone's camera — up to 10,000 codes. Each code gets the answer a consumer's scan would, and you get a report signed by the service that you can keep as evidence.",
        "一次核验整批货物：粘贴商品码、上传 CSV 或文本文件，或用手机摄像头扫描标签，最多 10,000 个码。每个码的结果与消费者扫码所见一致，并生成由平台签名的核验报告，可留存作为凭证。");
    public static readonly Text VerifyCodes = new("Codes (one per line)", "商品码（每行一个）");
    public static readonly Text VerifyCodesHint = new(
        "Digital Links (https://…/01/…/21/…) or the 13-character codes printed on the labels.",
        "数字链接（https://…/01/…/21/…）或标签上印制的 13 位码。");
    public static readonly Text VerifyFile = new("Or upload a list (CSV or TXT, UTF-8)", "或上传列表（CSV 或 TXT，UTF-8 编码）");
    public static readonly Text VerifyFileHint = new(
        "One code per line in the first column; a header line (code, link, serial, 码, 链接) is skipped. Pasted and uploaded codes are checked together.",
        "每行一个码，取第一列；表头行（code、link、serial、码、链接）会被跳过。粘贴与上传的码将一并核验。");
    public static readonly Text VerifyLabel = new("Report name (optional)", "报告名称（可选）");
    public static readonly Text VerifyLabelHint = new("e.g. the supplier, an invoice or a booth number.", "例如供应商、发票号或展位号。");
    public static readonly Text VerifySubmit = new("Verify and save report", "核验并保存报告");
    public static readonly Text VerifyFileTooBig = new(
        "The file is larger than {0} MB. Split the list.",
        "文件超过 {0} MB，请拆分列表。");
    public static readonly Text VerifyPasteTooBig = new(
        "The pasted list is larger than {0} MB. Split the list.",
        "粘贴的列表超过 {0} MB，请拆分列表。");

    // Camera
    public static readonly Text ScanStart = new("Scan with the phone camera", "用手机摄像头扫码");
    public static readonly Text ScanStop = new("Stop camera", "关闭摄像头");
    public static readonly Text ScanHint = new(
        "Point the camera at the QR codes one after another; each new code is added to the list once.",
        "将摄像头依次对准二维码，每个新码只会加入列表一次。");
    public static readonly Text ScanCount = new("Codes in the list: ", "列表中的码：");
    public static readonly Text ScanAdded = new("Added", "已添加");
    public static readonly Text ScanNoCamera = new(
        "The camera could not be opened (no camera, or permission refused). You can still paste or upload the codes.",
        "无法打开摄像头（没有摄像头或未获授权）。您仍可粘贴或上传商品码。");

    // /portal/reports
    public static readonly Text ReportsTitle = new("Verification reports", "核验报告");
    public static readonly Text ReportsIntro = new("Your saved bulk verification reports, newest first. Only you can see them.", "您保存的批量核验报告，按时间由新到旧排列，仅您本人可见。");
    public static readonly Text ReportsNone = new("No reports yet. Start with a bulk verification.", "暂无报告，请先进行批量核验。");
    public static readonly Text ReportUnnamed = new("Unnamed report", "未命名报告");
    public static readonly Text ReportCodes = new("{0} codes", "{0} 个码");

    // /portal/reports/{id}
    public static readonly Text ReportTitle = new("Verification report", "核验报告");
    public static readonly Text ReportSummary = new("Summary", "概要");
    public static readonly Text ReportId = new("Report id", "报告编号");
    public static readonly Text ReportCreated = new("Created", "生成时间");
    public static readonly Text ReportSigner = new("Signed by (service key)", "签名者（平台服务密钥）");
    public static readonly Text ReportTotal = new("Codes checked", "核验码数");
    public static readonly Text ReportResults = new("Results", "逐码结果");
    public static readonly Text ReportCode = new("Code", "码");
    public static readonly Text ReportStatus = new("Status", "状态");
    public static readonly Text ReportProduct = new("Product / producer", "产品 / 生产者");
    public static readonly Text ReportReasons = new("Reasons", "原因");
    public static readonly Text ReportShown = new(
        "Showing {0} of {1} codes, problems first. The downloads below hold every code.",
        "共 {1} 个码，此处显示 {0} 个（问题码优先）。下方下载的文件包含全部结果。");
    public static readonly Text ReportDownloads = new("Download", "下载");
    public static readonly Text ReportJson = new("Signed report (JSON, the evidence)", "签名报告（JSON，凭证）");
    public static readonly Text ReportCsv = new("Spreadsheet (CSV)", "表格（CSV）");
    public static readonly Text ReportHtml = new("Printable page", "可打印网页");
    public static readonly Text ReportEvidence = new(
        "The JSON file is the evidence: it is signed by the service key and carries the Merkle proofs and blockchain anchors of every answer, so anyone can re-check it offline, without us, with the command below (docs/verification-report.md explains the format and the check). Changing any byte of it makes the check fail. The CSV and the printable page are for reading only.",
        "JSON 文件是凭证：它由平台服务密钥签名，并包含每个结果的默克尔证明和区块链锚定信息，任何人都可以不经本平台、用下面的命令离线复核（格式与复核方法见 docs/verification-report.md）。文件任何一个字节被改动，复核都会失败。CSV 和可打印网页仅供阅读。");
    public static readonly Text ReportFormatInvalid = new("Choose one of the formats below.", "请选择下面的格式之一。");

    /// <summary>A report status (GENUINE, UNKNOWN…) as the pages name it; the Chinese is the printable report's.</summary>
    public static Text ReportStatusName(string status) => new(status switch
    {
        "GENUINE" => "Genuine",
        "PENDING" => "Pending anchoring",
        "SUSPICIOUS" => "Suspicious",
        "RECALLED" => "Recalled",
        "EXPIRED" => "Licence expired",
        "SUSPENDED" => "Licence suspended",
        "REVOKED" => "Licence revoked",
        "TAMPERED" => "Records tampered",
        _ => "Unknown code",
    }, ReportRenderings.StatusZh(status));
}
