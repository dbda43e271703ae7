using System.Text;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Epcis;

public class EpcisDocumentParserTests
{
    internal const string Lot = "https://id.gs1.org/01/09506000134352/10/L1";
    private const string Item = "https://id.gs1.org/01/09506000134352/21/S1";

    internal static string Document(params string[] events) =>
        $$$"""{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://example.com/ns/"}],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-03-01T08:00:00+08:00","epcisBody":{"eventList":[{{{string.Join(",", events)}}}]}}""";

    internal static string ObjectEvent(string members = "") =>
        $$"""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00.000+08:00","eventTimeZoneOffset":"+08:00","action":"OBSERVE","quantityList":[{"epcClass":"{{Lot}}","quantity":12.5,"uom":"KGM"}]""" + (members.Length == 0 ? "" : "," + members) + "}";

    private static IReadOnlyList<FieldError> Errors(string json) =>
        Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.Parse(json)).Errors;

    private static FieldError Error(string json) => Assert.Single(Errors(json));

    [Theory]
    [InlineData("harvesting", "harvesting", EpcisEventKind.Harvest)]
    [InlineData("urn:epcglobal:cbv:bizstep:harvesting", "harvesting", EpcisEventKind.Harvest)]
    [InlineData("https://ref.gs1.org/cbv/BizStep-harvesting", "harvesting", EpcisEventKind.Harvest)]
    [InlineData("https://ecovalue.dev/bizstep/harvesting", "harvesting", EpcisEventKind.Harvest)]
    [InlineData("https://ecovalue.dev/bizstep/input_applied", "input_applied", EpcisEventKind.InputApplied)]
    [InlineData("input_applied", "input_applied", EpcisEventKind.InputApplied)]
    [InlineData("packing", "packing", EpcisEventKind.Packing)]
    [InlineData("repackaging", "repackaging", EpcisEventKind.Packing)]
    [InlineData("urn:epcglobal:cbv:bizstep:storing", "storing", EpcisEventKind.Storage)]
    [InlineData("shipping", "shipping", EpcisEventKind.Shipping)]
    [InlineData("departing", "departing", EpcisEventKind.Shipping)]
    [InlineData("transporting", "transporting", EpcisEventKind.Shipping)]
    [InlineData("arriving", "arriving", EpcisEventKind.Shipping)]
    [InlineData("http://ref.gs1.org/cbv/BizStep-receiving", "receiving", EpcisEventKind.Shipping)]
    [InlineData("commissioning", "commissioning", EpcisEventKind.Commissioning)]
    [InlineData("inspecting", "inspecting", EpcisEventKind.LabSampling)]
    [InlineData("sampling", "sampling", EpcisEventKind.LabSampling)]
    [InlineData("creating_class_instance", "creating_class_instance", EpcisEventKind.Processing)]
    [InlineData("retail_selling", "retail_selling", EpcisEventKind.Other)]
    [InlineData("other", "other", EpcisEventKind.Other)]
    [InlineData("https://partner.example.com/steps/washing", "https://partner.example.com/steps/washing", EpcisEventKind.Other)]
    public void BizStep_is_normalised_and_mapped_to_a_field_event_kind(string bizStep, string canonical, EpcisEventKind kind)
    {
        var ev = Assert.Single(EpcisDocumentParser.Parse(Document(ObjectEvent($"\"bizStep\":\"{bizStep}\""))).Events);

        Assert.Equal(canonical, ev.BizStep);
        Assert.Equal(kind, ev.Kind);
    }

    [Theory]
    [InlineData("harvest")]
    [InlineData("Shipping")]
    [InlineData("urn:epcglobal:cbv:bizstep:frobnicating")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-frobnicating")]
    [InlineData("https://ref.gs1.org/cbv/Disp-active")]
    [InlineData("https://ns.gs1.org/cbv/BizStep-shipping")]
    [InlineData("https://ecovalue.dev/bizstep/spraying")]
    [InlineData("")]
    public void BizStep_that_is_neither_cbv_nor_a_foreign_uri_is_rejected(string bizStep)
    {
        var error = Error(Document(ObjectEvent($"\"bizStep\":\"{bizStep}\"")));

        Assert.Equal(("epcisBody.eventList[0].bizStep", "epcis.biz_step.unknown"), (error.Field, error.Code));
    }

    [Fact]
    public void Events_without_a_step_are_other_except_transformations_which_are_processing()
    {
        var transformation = """{"type":"TransformationEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":3}],"outputEPCList":["urn:epc:id:sgtin:0614141.812345.6789"]}""";
        var doc = EpcisDocumentParser.Parse(Document(ObjectEvent(), transformation));

        Assert.Equal([EpcisEventKind.Other, EpcisEventKind.Processing], doc.Events.Select(e => e.Kind));
    }

    [Theory]
    [InlineData("urn:epcglobal:cbv:disp:in_transit", "in_transit")]
    [InlineData("https://ref.gs1.org/cbv/Disp-recalled", "recalled")]
    [InlineData("active", "active")]
    [InlineData("https://partner.example.com/disp/ripening", "https://partner.example.com/disp/ripening")]
    public void Disposition_is_normalised(string disposition, string canonical)
    {
        var ev = Assert.Single(EpcisDocumentParser.Parse(Document(ObjectEvent($"\"disposition\":\"{disposition}\""))).Events);

        Assert.Equal(canonical, ev.Disposition);
    }

    [Theory]
    [InlineData("AssociationEvent")]
    [InlineData("TransactionEvent")]
    public void Association_and_transaction_events_are_rejected_as_out_of_scope(string type)
    {
        var error = Error(Document($$"""{"type":"{{type}}","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","parentID":"urn:epc:id:grai:4012345.55555.987","childEPCs":["urn:epc:id:giai:4000001.12345"]}"""));

        Assert.Equal(("epcisBody.eventList[0].type", "epcis.event.type_out_of_scope"), (error.Field, error.Code));
        Assert.Contains(type, error.En, StringComparison.Ordinal);
        Assert.Contains("不在本服务范围内", error.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_documents_and_bare_events_are_rejected_with_what_to_send_instead()
    {
        var query = """{"@context":"https://ref.gs1.org/standards/epcis/epcis-context.jsonld","type":"EPCISQueryDocument","schemaVersion":"2.0","creationDate":"2025-03-01T08:00:00Z","epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":[]}}}}""";
        Assert.Equal(("type", "epcis.document.query_document"), (Error(query).Field, Error(query).Code));

        var bare = ObjectEvent().Insert(1, "\"@context\":\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\",");
        Assert.Equal("epcis.document.bare_event", Error(bare).Code);
        Assert.Equal("epcis.document.type", Error("""{"type":"Something"}""").Code);
        Assert.Equal("epcis.document.type_missing", Error("{}").Code);
        Assert.Equal("epcis.json.not_object", Error("[]").Code);
    }

    [Fact]
    public void Every_error_in_every_event_is_reported_at_once_with_its_path()
    {
        var bad1 = """{"type":"ObjectEvent","eventTimeZoneOffset":"+8:00","action":"LOOK","epcList":["urn:epc:class:lgtin:4012345.012345.998877","not a uri"],"bizStep":"harvest","readPoint":{"id":"https://id.gs1.org/01/09506000134352"}}""";
        var bad3 = """{"type":"AggregationEvent","eventTime":"2025-02-30T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","childEPCs":["urn:epc:id:sgtin:0614141.812345.6789"],"ilmd":{},"myField":1}""";

        var errors = Errors(Document(bad1, ObjectEvent(), bad3));

        Assert.Equal(
            [
                ("epcisBody.eventList[0].eventTimeZoneOffset", "epcis.event_time_zone_offset.invalid"),
                ("epcisBody.eventList[0].action", "epcis.action.invalid"),
                ("epcisBody.eventList[0].epcList[0]", "epcis.identifier.wrong_kind"),
                ("epcisBody.eventList[0].epcList[1]", "epcis.uri.invalid"),
                ("epcisBody.eventList[0].bizStep", "epcis.biz_step.unknown"),
                ("epcisBody.eventList[0].readPoint.id", "epcis.identifier.wrong_kind"),
                ("epcisBody.eventList[0].eventTime", "epcis.event_time.missing"),
                ("epcisBody.eventList[2].eventTime", "epcis.event_time.invalid"),
                ("epcisBody.eventList[2].ilmd", "epcis.member.not_allowed"),
                ("epcisBody.eventList[2].myField", "epcis.member.unknown"),
                ("epcisBody.eventList[2].parentID", "epcis.parent_id.missing"),
            ],
            errors.Select(e => (e.Field, e.Code)));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.En) || string.IsNullOrWhiteSpace(e.Zh), e.Code));
    }

    [Fact]
    public void Document_level_problems_are_reported_together()
    {
        var json = """{"@context":["https://example.com/other-context.jsonld"],"type":"EPCISDocument","schemaVersion":"1.2","creationDate":"yesterday","foo":1}""";

        Assert.Equal(
            [
                ("@context", "epcis.context.standard_missing"),
                ("schemaVersion", "epcis.document.schema_version"),
                ("creationDate", "epcis.creation_date.invalid"),
                ("foo", "epcis.member.unknown"),
                ("epcisBody", "epcis.body.missing"),
            ],
            Errors(json).Select(e => (e.Field, e.Code)));
    }

    [Theory]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":[]}""", "epcisBody.eventList[0]", "epcis.event.what_missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"ilmd":{"ex:a":1}}""", "epcisBody.eventList[0].ilmd", "epcis.ilmd.not_allowed")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"ilmd":{"lot":1}}""", "epcisBody.eventList[0].ilmd.lot", "epcis.member.unknown")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0].action", "epcis.action.missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0].eventTime", "epcis.event_time.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0].eventTimeZoneOffset", "epcis.event_time_zone_offset.missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+14:30","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0].eventTimeZoneOffset", "epcis.event_time_zone_offset.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789","urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0].epcList[1]", "epcis.epc.duplicate")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","quantityList":[{"epcClass":"urn:epc:id:sgtin:0614141.812345.6789"}]}""", "epcisBody.eventList[0].quantityList[0].epcClass", "epcis.identifier.wrong_kind")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":-1}]}""", "epcisBody.eventList[0].quantityList[0].quantity", "epcis.quantity.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":1e99}]}""", "epcisBody.eventList[0].quantityList[0].quantity", "epcis.quantity.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","uom":"kg"}]}""", "epcisBody.eventList[0].quantityList[0].uom", "epcis.uom.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","quantityList":[{"quantity":1}]}""", "epcisBody.eventList[0].quantityList[0].epcClass", "epcis.value.missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0","ex:x":1}}""", "epcisBody.eventList[0].readPoint.ex:x", "epcis.value.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"readPoint":{}}""", "epcisBody.eventList[0].readPoint.id", "epcis.value.missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"parentID":"urn:epc:id:sscc:0614141.1234567890"}""", "epcisBody.eventList[0].parentID", "epcis.member.not_allowed")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"eventID":"12345"}""", "epcisBody.eventList[0].eventID", "epcis.uri.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"sourceList":[{"source":"urn:epc:id:pgln:4012345.00225"}]}""", "epcisBody.eventList[0].sourceList[0].type", "epcis.value.missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"bizTransactionList":[{"type":"purchase order","bizTransaction":"urn:x:1"}]}""", "epcisBody.eventList[0].bizTransactionList[0].type", "epcis.vocabulary.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"persistentDisposition":{"set":[]}}""", "epcisBody.eventList[0].persistentDisposition.set", "epcis.value.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"errorDeclaration":{"reason":"incorrect_data"}}""", "epcisBody.eventList[0].errorDeclaration.declarationTime", "epcis.error_declaration.time_missing")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"sensorElementList":[{"sensorReport":[{"type":"Temperature","value":"hot"}]}]}""", "epcisBody.eventList[0].sensorElementList[0].sensorReport[0].value", "epcis.value.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"sensorElementList":[{"sensorReport":[{"type":"Warmth"}]}]}""", "epcisBody.eventList[0].sensorElementList[0].sensorReport[0].type", "epcis.vocabulary.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"sensorElementList":[{"sensorMetadata":{}}]}""", "epcisBody.eventList[0].sensorElementList[0].sensorReport", "epcis.sensor_report.missing")]
    [InlineData("""{"type":"AggregationEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","parentID":"urn:epc:id:sscc:0614141.1234567890"}""", "epcisBody.eventList[0]", "epcis.event.what_missing")]
    [InlineData("""{"type":"AggregationEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","parentID":"urn:epc:class:lgtin:4012345.012345.998877","childEPCs":["urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0].parentID", "epcis.identifier.wrong_kind")]
    [InlineData("""{"type":"TransformationEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","inputEPCList":["urn:epc:id:sgtin:0614141.812345.6789"]}""", "epcisBody.eventList[0]", "epcis.event.what_missing")]
    [InlineData("""{"type":"TransformationEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","inputEPCList":["urn:epc:id:sgtin:0614141.812345.6789"],"outputEPCList":["urn:epc:id:sgtin:0614141.812345.6790"]}""", "epcisBody.eventList[0].action", "epcis.member.not_allowed")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789"],"ex:bad":"\udc00"}""", "epcisBody.eventList[0].ex:bad", "epcis.json.invalid_string")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.812345.6789\ud800"]}""", "epcisBody.eventList[0].epcList[0]", "epcis.json.invalid_string")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["https://id.gs1.org/01/09506000134352/21/白沙"]}""", "epcisBody.eventList[0].epcList[0]", "epcis.uri.invalid")]
    [InlineData("""{"type":"ObjectEvent","eventTime":"2025-03-01T08:30:00Z","eventTimeZoneOffset":"+08:00","action":"ADD","epcList":["https://id.gs1.org/01/09506000134353/21/1"]}""", "epcisBody.eventList[0].epcList[0]", "epcis.identifier.check_digit")]
    [InlineData("""{"type":"Event","eventTime":"2025-03-01T08:30:00Z"}""", "epcisBody.eventList[0].type", "epcis.event.type_unknown")]
    [InlineData("""{"eventTime":"2025-03-01T08:30:00Z"}""", "epcisBody.eventList[0].type", "epcis.event.type_missing")]
    [InlineData("42", "epcisBody.eventList[0]", "epcis.json.not_object")]
    public void A_broken_event_gets_one_precise_error(string ev, string field, string code)
    {
        var error = Error(Document(ev));

        Assert.Equal((field, code), (error.Field, error.Code));
    }

    [Fact]
    public void Duplicate_event_ids_are_rejected()
    {
        var ev = ObjectEvent("\"eventID\":\"urn:uuid:0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60\"");

        var error = Error(Document(ev, ObjectEvent(), ev));

        Assert.Equal(("epcisBody.eventList[2].eventID", "epcis.event_id.duplicate"), (error.Field, error.Code));
    }

    [Fact]
    public void Limits_cap_events_depth_and_errors()
    {
        var small = new EpcisLimits { MaxEvents = 3, MaxDepth = 8, MaxErrors = 5 };
        Assert.Equal(3, EpcisDocumentParser.Parse(Document(ObjectEvent(), ObjectEvent(), ObjectEvent()), small).Events.Count);

        var tooMany = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.Parse(Document(ObjectEvent(), ObjectEvent(), ObjectEvent(), ObjectEvent()), small));
        Assert.Equal(("epcisBody.eventList", "epcis.event_list.too_many"), (tooMany.Errors[0].Field, tooMany.Errors[0].Code));

        // The event object is at depth 4; "ex:deep" adds 4 more containers (8 is allowed), a fifth is one too many.
        EpcisDocumentParser.Parse(Document(ObjectEvent("\"ex:deep\":[[[{}]]]")), small);
        var deep = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.Parse(Document(ObjectEvent("\"ex:deep\":[[[[{}]]]]")), small));
        Assert.Equal(("epcisBody.eventList[0].ex:deep", "epcis.json.too_deep"), (deep.Errors[0].Field, deep.Errors[0].Code));

        var many = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.Parse(Document(Enumerable.Repeat(ObjectEvent("\"bizStep\":\"x\""), 3).ToArray()), small with { MaxEvents = 10 }));
        Assert.Equal(3, many.Errors.Count);
        var capped = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.Parse(Document(Enumerable.Repeat(ObjectEvent("\"bizStep\":\"x\""), 9).ToArray()), small with { MaxEvents = 10 }));
        Assert.Equal(6, capped.Errors.Count);
        Assert.Equal("epcis.errors.truncated", capped.Errors[^1].Code);

        // 100,000 nested arrays: a clean error, not a stack overflow.
        var bomb = Document(ObjectEvent("\"ex:bomb\":" + new string('[', 100_000) + new string(']', 100_000)));
        Assert.Equal("epcis.json.malformed", Error(bomb).Code);
    }

    [Theory]
    [InlineData("", "epcis.json.malformed")]
    [InlineData("{", "epcis.json.malformed")]
    [InlineData("{\"type\":\"EPCISDocument\"} {}", "epcis.json.malformed")]
    [InlineData("{\"type\":\"EPCISDocument\",\"type\":\"EPCISDocument\"}", "epcis.json.malformed")]
    [InlineData("{\"type\":\"EPCISDocument\",} ", "epcis.json.malformed")]
    [InlineData("/* c */ {}", "epcis.json.malformed")]
    public void Malformed_json_is_one_error_with_a_position(string json, string code)
    {
        var error = Error(json);

        Assert.Equal((string.Empty, code), (error.Field, error.Code));
        Assert.Contains("line 1", error.En, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_bom()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(ObjectEvent("\"ex:note\":\"X\"")));
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(bytes).ToArray();
        Assert.Single(EpcisDocumentParser.Parse(withBom).Events);

        var i = Array.IndexOf(bytes, (byte)'X');
        bytes[i] = 0xC3; // a lead byte with no continuation
        var e = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.Parse(bytes));
        Assert.Equal("epcis.json.malformed", Assert.Single(e.Errors).Code);
    }

    [Fact]
    public void Extensions_expand_through_document_and_event_contexts()
    {
        var ev = ObjectEvent("\"@context\":{\"own\":\"https://own.example/\"},\"ex:a\":{\"ex:b\":[1,\"二\"]},\"own:c\":true,\"urn:x:d\":null,\"cbvmda:lotNumber\":\"L\",\"http://full.example/e\":1");

        var parsed = Assert.Single(EpcisDocumentParser.Parse(Document(ev)).Events);

        Assert.Equal(
            [
                ("ex:a", "https://example.com/ns/a", "{\"ex:b\":[1,\"二\"]}"),
                ("own:c", "https://own.example/c", "true"),
                ("urn:x:d", "urn:x:d", "null"),
                ("cbvmda:lotNumber", "urn:epcglobal:cbv:mda:lotNumber", "\"L\""),
                ("http://full.example/e", "http://full.example/e", "1"),
            ],
            parsed.Extensions.Select(x => (x.Name, x.Iri, x.Json)));
        Assert.Equal(new Dictionary<string, string> { ["ex"] = "https://example.com/ns/", ["own"] = "https://own.example/" }, parsed.Namespaces);
    }

    [Fact]
    public void Times_keep_their_offset_and_precision()
    {
        var ev = Assert.Single(EpcisDocumentParser.Parse(Document(ObjectEvent().Replace("2025-03-01T08:30:00.000+08:00", "2025-03-01T08:30:00.123456789-03:30", StringComparison.Ordinal)
            .Replace("\"+08:00\"", "\"-03:30\"", StringComparison.Ordinal))).Events);

        Assert.Equal(TimeSpan.FromMinutes(-210), ev.EventTime.Offset);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 8, 30, 0, TimeSpan.FromMinutes(-210)).AddTicks(1_234_567), ev.EventTime);
        Assert.Equal(TimeSpan.FromMinutes(-210), ev.EventTimeZoneOffset);
    }

    [Fact]
    public void Empty_event_list_is_a_valid_empty_document()
    {
        var doc = EpcisDocumentParser.Parse(Document());

        Assert.Empty(doc.Events);
        Assert.Equal("2.0", doc.SchemaVersion);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), doc.CreationDate);
    }

    [Fact]
    public void Item_and_lot_identifiers_are_exposed()
    {
        var ev = Assert.Single(EpcisDocumentParser.Parse(Document(ObjectEvent($"\"epcList\":[\"{Item}\"]"))).Events);

        Assert.Equal(
            [(EpcisIdentifierKind.Item, null, "S1"), (EpcisIdentifierKind.ProductClass, "L1", null)],
            ev.Identifiers().Select(i => (i.Kind, i.Lot, i.Serial)));
    }
}
