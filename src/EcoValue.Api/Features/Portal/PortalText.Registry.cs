namespace EcoValue.Api.Features.Portal;

public static partial class PortalText
{
    // Dashboard
    public static readonly Text HomeTitle = new("Overview", "概览");
    public static readonly Text Status = new("Approval", "审核状态");
    public static readonly Text StatusPending = new("awaiting approval", "待审核");
    public static readonly Text StatusApproved = new("approved", "已通过");
    public static readonly Text StatusRejected = new("rejected", "已驳回");
    public static readonly Text StatusPendingText = new("An administrator has not approved this producer yet. You can record plots and batches; they can carry a brand only after approval.", "管理员尚未审核通过此生产主体。您可以录入地块和批次，但审核通过后才能使用品牌。");
    public static readonly Text StatusRejectedText = new("An administrator rejected this registration. Correct the producer's details; an administrator can then approve it.", "管理员驳回了此登记。请更正生产主体信息，之后管理员可重新审核。");
    public static readonly Text Counts = new("Entries", "已录入");
    public static readonly Text CountPlots = new("Plots", "地块");
    public static readonly Text CountBatches = new("Batches", "批次");
    public static readonly Text CountEvents = new("Field events", "农事事件");
    public static readonly Text CountLabResults = new("Lab results", "检测结果");
    public static readonly Text CountPending = new("Awaiting anchoring", "待上链");
    public static readonly Text Recent = new("Recent entries", "最近录入");
    public static readonly Text AddBatch = new("Register a batch", "登记批次");
    public static readonly Text AddPlot = new("Add a plot", "添加地块");

    // Entry kinds
    public static readonly Text KindProducer = new("Producer", "生产主体");
    public static readonly Text KindPlot = new("Plot", "地块");
    public static readonly Text KindBatch = new("Batch", "批次");
    public static readonly Text KindFieldEvent = new("Field event", "农事事件");
    public static readonly Text KindLabResult = new("Lab result", "检测结果");

    // Producer
    public static readonly Text ProducerTitle = new("Producer profile", "生产主体信息");
    public static readonly Text CorrectProducer = new("Correct the profile", "更正信息");
    public static readonly Text CorrectionNote = new("A correction never edits in place: it is a new record that supersedes the current one.", "更正不会覆盖原记录，而是新增一条取代当前记录的新记录。");
    public static readonly Text ProducerName = new("Name", "名称");
    public static readonly Text CreditCode = new("Unified social credit code", "统一社会信用代码");
    public static readonly Text CreditCodeHint = new("18 characters, e.g. 93469025MA5T000001", "18 位，例如 93469025MA5T000001");
    public static readonly Text Region = new("Region code (GB/T 2260)", "行政区划代码（GB/T 2260）");
    public static readonly Text RegionHint = new("6 digits, e.g. 469025 for 白沙黎族自治县 (Baisha)", "6 位数字，例如白沙黎族自治县为 469025");
    public static readonly Text ContactName = new("Contact person", "联系人");
    public static readonly Text ContactPhone = new("Phone", "电话");
    public static readonly Text ContactEmail = new("Email", "电子邮箱");

    // Plots
    public static readonly Text PlotsTitle = new("Plots", "地块");
    public static readonly Text PlotName = new("Plot name", "地块名称");
    public static readonly Text Mu = new("mu", "亩");
    public static readonly Text AreaMu = new("Area (mu, 亩)", "面积（亩）");
    public static readonly Text Latitude = new("Latitude (optional)", "纬度（选填）");
    public static readonly Text Longitude = new("Longitude (optional)", "经度（选填）");
    public static readonly Text CoordinatesHint = new("Decimal degrees (WGS 84), e.g. 19.2241 and 109.4529; kept private. Polygons can be sent through the API.", "十进制度（WGS 84），例如 19.2241 和 109.4529；保密存储。地块边界多边形可通过 API 提交。");
    public static readonly Text PlotAdded = new("Plot added. It shows as pending until it is anchored on chain.", "地块已添加，上链锚定前显示为“待上链”。");

    // Batches
    public static readonly Text BatchesTitle = new("Batches", "批次");
    public static readonly Text NewBatchTitle = new("Register a batch", "登记批次");
    public static readonly Text Product = new("Product", "产品名称");
    public static readonly Text Category = new("Category", "品类");
    public static readonly Text CategoryHint = new("Lower-case code such as tea, coffee, tropical-fruit, vegetables, rice", "小写代码，如 tea（茶）、coffee（咖啡）、tropical-fruit（热带水果）、vegetables（蔬菜）、rice（大米）");
    public static readonly Text Gtin = new("GTIN (barcode number)", "GTIN（商品条码）");
    public static readonly Text GtinHint = new("8, 12, 13 or 14 digits with check digit", "8、12、13 或 14 位数字，含校验位");
    public static readonly Text Lot = new("Lot", "批号");
    public static readonly Text LotHint = new("Up to 20 characters: A-Z, a-z, 0-9 and !\"%&'()*+,-./:;<=>?_", "最多 20 个字符：A-Z、a-z、0-9 及 !\"%&'()*+,-./:;<=>?_");
    public static readonly Text GtinLotTaken = new("This GTIN and lot are already registered: use another lot.", "该 GTIN 与批号已被登记，请使用其他批号。");
    public static readonly Text Plot = new("Plot", "地块");
    public static readonly Text AnyPlot = new("Any plot", "全部地块");
    public static readonly Text ChoosePlot = new("Choose a plot", "请选择地块");
    public static readonly Text NoPlotsYet = new("Add a plot first: every batch comes from one of your plots.", "请先添加地块：每个批次都来自您的某个地块。");
    public static readonly Text HarvestDate = new("Harvest date", "采收日期");
    public static readonly Text HarvestedFrom = new("Harvested from", "采收日期起");
    public static readonly Text HarvestedTo = new("Harvested to", "采收日期止");
    public static readonly Text Quantity = new("Quantity", "数量");
    public static readonly Text Unit = new("Unit", "单位");
    public static readonly Text SearchProduct = new("Product contains", "产品名称包含");
    public static readonly Text ProducerColumn = new("Producer", "生产主体");
    public static readonly Text Harvested = new("harvested {0}", "{0} 采收");

    // Batch page
    public static readonly Text BatchFacts = new("Facts", "基本信息");
    public static readonly Text DigitalLink = new("GS1 Digital Link", "GS1 数字链接");
    public static readonly Text Timeline = new("Field events", "农事记录");
    public static readonly Text LabResults = new("Lab results", "检测结果");
    public static readonly Text BackToBatch = new("Back to the batch", "返回批次");
    public static readonly Text AddEvent = new("Add a field event", "添加农事事件");
    public static readonly Text AddLabResult = new("Add a lab result", "添加检测结果");
    public static readonly Text ShowingFirst = new("Showing the first {0}; the API lists the rest.", "仅显示前 {0} 条，其余可通过 API 查看。");
    public static readonly Text Source = new("Source", "来源");
    public static readonly Text Anchoring = new("Anchoring", "上链状态");

    // Field events
    public static readonly Text NewEventTitle = new("Add a field event", "添加农事事件");
    public static readonly Text EventKind = new("What happened", "事件类型");
    public static readonly Text OccurredAt = new("When", "时间");
    public static readonly Text OccurredAtHint = new("Local date and time", "当地日期和时间");
    public static readonly Text TimeZone = new("Time zone (UTC offset)", "时区（UTC 偏移）");
    public static readonly Text Place = new("Place (optional)", "地点（选填）");
    public static readonly Text EventRegion = new("Region code (optional)", "行政区划代码（选填）");
    public static readonly Text Actor = new("Done by (optional)", "操作人（选填）");
    public static readonly Text InputPart = new("Input applied", "施用的投入品");
    public static readonly Text InputPartNote = new("Only for “Input applied” events; leave empty for other kinds.", "仅用于“施用投入品”事件，其他类型请留空。");
    public static readonly Text InputProduct = new("Product applied", "投入品名称");
    public static readonly Text ActiveIngredient = new("Active ingredient", "有效成分");
    public static readonly Text Dose = new("Dose", "用量");
    public static readonly Text DoseUnit = new("Dose unit", "用量单位");
    public static readonly Text DoseUnitHint = new("e.g. mL/mu, g/mu, kg/mu", "例如 mL/亩、g/亩、kg/亩");
    public static readonly Text Target = new("Target (optional)", "防治对象（选填）");
    public static readonly Text EventQuantity = new("Quantity (optional)", "数量（选填）");
    public static readonly Text EventUnit = new("Unit (with a quantity)", "单位（填写数量时必填）");
    public static readonly Text Notes = new("Notes (optional)", "备注（选填）");
    public static readonly Text ShownPlace = new("Place", "地点");
    public static readonly Text ShownRegion = new("Region", "行政区划");
    public static readonly Text ShownActor = new("Done by", "操作人");
    public static readonly Text ShownTarget = new("Target", "防治对象");
    public static readonly Text ShownNotes = new("Notes", "备注");

    public static readonly Text KindInputApplied = new("Input applied", "施用投入品");
    public static readonly Text KindHarvest = new("Harvest", "采收");
    public static readonly Text KindPacking = new("Packing", "包装");
    public static readonly Text KindStorage = new("Storage", "贮存");
    public static readonly Text KindShipping = new("Shipping", "运输");
    public static readonly Text KindProcessing = new("Processing", "加工");
    public static readonly Text KindSampling = new("Sampling", "抽样");
    public static readonly Text KindCommissioning = new("Code issuing", "赋码");
    public static readonly Text KindOther = new("Other", "其他");

    // Lab results
    public static readonly Text NewLabTitle = new("Add a lab result", "添加检测结果");
    public static readonly Text Lab = new("Laboratory", "检测机构");
    public static readonly Text ReportNumber = new("Report number", "报告编号");
    public static readonly Text SampleDate = new("Sample date", "采样日期");
    public static readonly Text Analytes = new("Analytes", "检测项目");
    public static readonly Text AnalytesNote = new("One analyte per row; empty rows are ignored.", "每行一个检测项目，空行将被忽略。");
    public static readonly Text AnalyteRow = new("Analyte {0}", "检测项目 {0}");
    public static readonly Text AnalyteName = new("Name", "名称");
    public static readonly Text AnalyteValue = new("Value", "结果");
    public static readonly Text AnalyteUnit = new("Unit", "单位");
    public static readonly Text ReportFileHash = new("Report file hash (optional)", "报告文件哈希（选填）");
    public static readonly Text ReportFileHashHint = new("sha256:<64 hex> of the PDF; kept private", "PDF 的 sha256:<64 位十六进制>；保密存储");
}
