using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Every input error this namespace reports, in English and Chinese, with a stable code. Field is the JSON path in
/// the submitted document (<c>epcisBody.eventList[3].eventTime</c>); identifier errors start with an empty field and
/// are moved under the path where the identifier was found.
/// </summary>
internal static class EpcisErrors
{
    // Document and JSON
    public static FieldError Malformed(long line, long bytePosition, string reason) => new(string.Empty, "epcis.json.malformed",
        $"not well-formed JSON (line {line + 1}, byte {bytePosition + 1}): {reason}", $"JSON 格式错误（第 {line + 1} 行，第 {bytePosition + 1} 字节）：{reason}");

    public static FieldError TooDeep(string field, int max) => new(field, "epcis.json.too_deep",
        $"nested deeper than {max} levels", $"嵌套超过 {max} 层");

    public static FieldError BadString(string field) => new(field, "epcis.json.invalid_string",
        "is not valid Unicode text (a lone UTF-16 surrogate escape such as \\uD800)", "不是有效的 Unicode 文本（含不成对的 UTF-16 代理项转义，如 \\uD800）");

    public static FieldError InvalidUtf8(long bytePosition) => new(string.Empty, "epcis.json.malformed",
        $"not UTF-8 (byte {bytePosition + 1})", $"不是 UTF-8 编码（第 {bytePosition + 1} 字节）");

    public static FieldError NotObject(string field) => new(field, "epcis.json.not_object", "must be a JSON object", "必须是 JSON 对象");

    public static FieldError NotArray(string field) => new(field, "epcis.json.not_array", "must be a JSON array", "必须是 JSON 数组");

    public static FieldError NotString(string field) => new(field, "epcis.json.not_string", "must be a JSON string", "必须是 JSON 字符串");

    public static FieldError Missing(string field, string code) => new(field, code, "is required", "为必填项");

    public static FieldError DocumentType(string field, string? type) => type switch
    {
        "EPCISQueryDocument" => new(field, "epcis.document.query_document",
            "an EPCISQueryDocument is a query result, not a capture: send its events in an EPCISDocument (epcisBody.eventList)",
            "EPCISQueryDocument 是查询结果而非采集文档：请把其中的事件放入 EPCISDocument（epcisBody.eventList）后提交"),
        "ObjectEvent" or "AggregationEvent" or "TransformationEvent" or "AssociationEvent" or "TransactionEvent" => new(field, "epcis.document.bare_event",
            "capture takes an EPCISDocument, not a single event: wrap it in epcisBody.eventList",
            "采集接口只接受 EPCISDocument，不接受单个事件：请放入 epcisBody.eventList"),
        _ => new(field, "epcis.document.type", "must be \"EPCISDocument\"", "必须为 \"EPCISDocument\""),
    };

    public static FieldError SchemaVersion(string field) => new(field, "epcis.document.schema_version",
        "must be \"2.0\" (EPCIS 2.0 JSON/JSON-LD; EPCIS 1.x XML is not accepted)", "必须为 \"2.0\"（EPCIS 2.0 JSON/JSON-LD；不接受 EPCIS 1.x XML）");

    public static FieldError Context(string field) => new(field, "epcis.context.standard_missing",
        "must reference the GS1 EPCIS 2.0 context (https://ref.gs1.org/standards/epcis/epcis-context.jsonld or its 2.0.0 version)",
        "必须引用 GS1 EPCIS 2.0 上下文（https://ref.gs1.org/standards/epcis/epcis-context.jsonld 或其 2.0.0 版本）");

    public static FieldError ContextShape(string field) => new(field, "epcis.context.invalid",
        "must be a URI, an object, or an array of URIs and objects without repeats", "必须是 URI、对象，或由 URI 和对象组成且不重复的数组");

    public static FieldError TooManyEvents(string field, int max) => new(field, "epcis.event_list.too_many",
        $"more than {max} events in one document: split it", $"单个文档事件超过 {max} 个，请拆分提交");

    public static FieldError TooManyErrors(int max) => new(string.Empty, "epcis.errors.truncated",
        $"more than {max} errors; the rest are not listed", $"错误超过 {max} 条，其余未列出");

    public static FieldError UnknownMember(string field) => new(field, "epcis.member.unknown",
        "is not an EPCIS 2.0 member here; extensions need a namespace prefix (e.g. \"example:myField\" with \"example\" in @context)",
        "不是此处允许的 EPCIS 2.0 成员；扩展成员须带命名空间前缀（如 \"example:myField\"，并在 @context 中定义 \"example\"）");

    public static FieldError NotAllowed(string field, string eventType) => new(field, "epcis.member.not_allowed",
        $"is not allowed in a {eventType}", $"{eventType} 中不允许出现此成员");

    // Events
    public static FieldError EventTypeOutOfScope(string field, string type) => new(field, "epcis.event.type_out_of_scope",
        $"{type} is out of this service's scope: it captures ObjectEvent, AggregationEvent and TransformationEvent",
        $"{type} 不在本服务范围内：仅采集 ObjectEvent、AggregationEvent 与 TransformationEvent");

    public static FieldError EventTypeUnknown(string field) => new(field, "epcis.event.type_unknown",
        "must be ObjectEvent, AggregationEvent or TransformationEvent", "必须为 ObjectEvent、AggregationEvent 或 TransformationEvent");

    public static FieldError Time(string field, string code) => new(field, code,
        "must be an RFC 3339 date-time with an offset, e.g. 2025-03-01T08:30:00.000+08:00", "必须为带时区偏移的 RFC 3339 时间，如 2025-03-01T08:30:00.000+08:00");

    public static FieldError Offset(string field) => new(field, "epcis.event_time_zone_offset.invalid",
        "must be ±HH:MM between -14:00 and +14:00, e.g. +08:00", "必须为 -14:00 至 +14:00 之间的 ±HH:MM，如 +08:00");

    public static FieldError Action(string field) => new(field, "epcis.action.invalid", "must be ADD, OBSERVE or DELETE", "必须为 ADD、OBSERVE 或 DELETE");

    public static FieldError BizStep(string field, string value) => new(field, "epcis.biz_step.unknown",
        $"\"{Clip(value)}\" is neither a CBV 2.0 business step nor a URI (unlisted steps must be full URIs outside the CBV namespace)",
        $"\"{Clip(value)}\" 既不是 CBV 2.0 业务步骤，也不是 URI（自定义步骤须为 CBV 命名空间之外的完整 URI）");

    public static FieldError Disposition(string field, string value) => new(field, "epcis.disposition.unknown",
        $"\"{Clip(value)}\" is neither a CBV 2.0 disposition nor a URI outside the CBV namespace", $"\"{Clip(value)}\" 既不是 CBV 2.0 处置状态，也不是 CBV 命名空间之外的 URI");

    public static FieldError Vocabulary(string field, string whatEn, string whatZh) => new(field, "epcis.vocabulary.invalid",
        $"is not a valid {whatEn} (a CBV/EPCIS term or a URI outside the GS1 namespaces)", $"不是有效的{whatZh}（须为 CBV/EPCIS 术语或 GS1 命名空间之外的 URI）");

    public static FieldError NotUri(string field) => new(field, "epcis.uri.invalid",
        "must be an absolute URI (RFC 3986, ASCII; %-encode anything else)", "必须为绝对 URI（RFC 3986，ASCII；其他字符须 % 编码）");

    public static FieldError DuplicateEventId(string field) => new(field, "epcis.event_id.duplicate",
        "appears twice in this document", "在本文档中重复出现");

    public static FieldError DuplicateEpc(string field) => new(field, "epcis.epc.duplicate", "is listed twice", "重复列出");

    public static FieldError NoWhat(string field, string eventType, string needsEn, string needsZh) => new(field, "epcis.event.what_missing",
        $"{eventType} must say what it is about: {needsEn}", $"{eventType} 必须指明涉及的对象：{needsZh}");

    public static FieldError ParentMissing(string field) => new(field, "epcis.parent_id.missing",
        "is required when action is ADD or DELETE", "当 action 为 ADD 或 DELETE 时为必填项");

    public static FieldError IlmdNotAllowed(string field) => new(field, "epcis.ilmd.not_allowed",
        "instance/lot master data may only come with action ADD", "实例/批次主数据（ilmd）只能随 action 为 ADD 的事件提交");

    public static FieldError Quantity(string field) => new(field, "epcis.quantity.invalid",
        "must be a non-negative decimal number", "必须为非负十进制数");

    public static FieldError Uom(string field) => new(field, "epcis.uom.invalid",
        "must be a UN/CEFACT Recommendation 20 code (2–3 capital letters or digits, e.g. KGM)", "必须为 UN/CEFACT 第 20 号建议书单位代码（2–3 位大写字母或数字，如 KGM）");

    public static FieldError WrongIdentifierKind(string field, string expectedEn, string expectedZh) => new(field, "epcis.identifier.wrong_kind",
        $"must identify {expectedEn}", $"必须标识{expectedZh}");

    public static FieldError Value(string field, string en, string zh) => new(field, "epcis.value.invalid", en, zh);

    // Identifiers
    public static FieldError GtinFormat(string field) => new(field, "epcis.identifier.gtin_format",
        "a GTIN has 8, 12, 13 or 14 digits", "GTIN 必须为 8、12、13 或 14 位数字");

    public static FieldError GlnFormat(string field) => new(field, "epcis.identifier.gln_format", "a GLN has 13 digits", "GLN 必须为 13 位数字");

    public static FieldError CheckDigit(string field, string key) => new(field, "epcis.identifier.check_digit",
        $"{key}: wrong GS1 check digit (expected {Gs1CheckDigit.Compute(key.AsSpan(0, key.Length - 1))})",
        $"{key}：GS1 校验位错误（应为 {Gs1CheckDigit.Compute(key.AsSpan(0, key.Length - 1))}）");

    public static FieldError TextLength(string field, int max) => new(field, "epcis.identifier.text_length",
        $"lot, serial and extension must have 1 to {max} characters", $"批号、序列号与扩展须为 1 至 {max} 个字符");

    public static FieldError TextUtf16(string field) => new(field, "epcis.identifier.text_utf16",
        "contains a lone UTF-16 surrogate", "含有不成对的 UTF-16 代理项");

    public static FieldError NotGs1Identifier(string field) => new(field, "epcis.identifier.unrecognized",
        "is not a GS1 Digital Link (/01/… or /414/…) or an EPC URN (sgtin, lgtin, sgtin pattern, sgln)",
        "不是 GS1 数字链接（/01/… 或 /414/…）或 EPC URN（sgtin、lgtin、sgtin 模式、sgln）");

    public static FieldError UrnCharset(string field) => new(field, "epcis.identifier.urn_charset",
        "an EPC URN can only carry 1–20 characters of GS1 character set 82; use a Digital Link for other text",
        "EPC URN 只能携带 1–20 个 GS1 82 字符集字符；其他文本请使用数字链接");

    public static FieldError UrnSyntax(string field, string shape) => new(field, "epcis.identifier.urn_syntax",
        $"must have the form {shape}", $"格式必须为 {shape}");

    public static FieldError UrnDigits(string field) => new(field, "epcis.identifier.urn_digits",
        "the company prefix (6–12 digits) and the reference must be digits that together make 13 (GTIN) or 12 (GLN) digits",
        "厂商识别代码（6–12 位）与参考代码必须为数字，合计 13 位（GTIN）或 12 位（GLN）");

    public static FieldError UrnText(string field, string part)
    {
        var zh = part switch
        {
            "serial" => "序列号",
            "lot" => "批号",
            _ => "扩展",
        };
        return new(field, "epcis.identifier.urn_text",
            $"the {part} must be 1–20 characters of GS1 character set 82, with \" % & / < > ? written as %-escapes",
            $"{zh}必须为 1–20 个 GS1 82 字符集字符，\" % & / < > ? 须写成 % 转义");
    }

    public static FieldError UnsupportedPattern(string field) => new(field, "epcis.identifier.pattern_unsupported",
        "only whole-GTIN patterns urn:epc:idpat:sgtin:CompanyPrefix.IndicatorItemRef.* are accepted",
        "仅接受整个 GTIN 的模式 urn:epc:idpat:sgtin:厂商识别代码.指示符与项目代码.*");

    public static FieldError DigitalLinkSyntax(string field, string en, string zh) => new(field, "epcis.identifier.digital_link", en, zh);

    private static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
