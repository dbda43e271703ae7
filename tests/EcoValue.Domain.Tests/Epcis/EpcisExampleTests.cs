using EcoValue.Domain.Epcis;

namespace EcoValue.Domain.Tests.Epcis;

/// <summary>
/// Each GS1 EPCIS 2.0 example (../shared/vectors/epcis, from the EPCIS 2.0 standard §9.6 and GS1's reference
/// examples): what capture does with it and why. All of them use only ObjectEvent, AggregationEvent and
/// TransformationEvent with CBV steps and GS1 identifiers, so all are accepted; the out-of-scope event types are
/// covered with the rejection tests in EpcisDocumentParserTests.
/// </summary>
public class EpcisExampleTests
{
    [Fact]
    public void Example_9_6_1_ObjectEvent_accepted_two_shipping_and_receiving_observations_with_sgtins()
    {
        // Accepted: ObjectEvents with CBV shipping/receiving, SGTIN URNs, SGLN places, a namespaced extension.
        var doc = EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.1-ObjectEvent.jsonld"));

        Assert.Equal(2, doc.Events.Count);
        var (first, second) = (doc.Events[0], doc.Events[1]);
        Assert.Equal(EpcisEventType.ObjectEvent, first.Type);
        Assert.Equal(EpcisAction.Observe, first.Action);
        Assert.Equal("shipping", first.BizStep);
        Assert.Equal(EpcisEventKind.Shipping, first.Kind);
        Assert.Equal("in_transit", first.Disposition);
        Assert.Equal(["urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018"], first.EpcList);
        Assert.Equal(new DateTimeOffset(2005, 4, 3, 20, 33, 31, 116, TimeSpan.FromHours(-6)), first.EventTime);
        Assert.Equal(TimeSpan.FromHours(-6), first.EventTimeZoneOffset);
        Assert.Equal("urn:epc:id:sgln:0614141.07346.1234", first.ReadPoint);
        Assert.Equal("""[{"type":"po","bizTransaction":"http://transaction.acme.com/po/12345678"}]""", first.BizTransactionList);
        Assert.Equal("receiving", second.BizStep);
        Assert.Equal(EpcisEventKind.Shipping, second.Kind);
        Assert.Equal("urn:epc:id:sgln:0012345.11111.0", second.BizLocation);
        var extension = Assert.Single(second.Extensions);
        Assert.Equal(new EpcisExtension("example:myField", "http://ns.example.com/epcis/myField", "\"Example of a vendor/user extension\""), extension);
        Assert.Equal("http://ns.example.com/epcis/", doc.Namespaces["example"]);
        Assert.Equal("10614141073464", Assert.Single(first.Identifiers(), i => i.Serial == "2017").Gtin);
    }

    [Fact]
    public void Example_9_6_1_ObjectEventWithDigitalLink_accepted_items_as_digital_links()
    {
        // Accepted: the same journey with GS1 Digital Link URIs (AI 01 + 21) instead of SGTIN URNs.
        var doc = EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.1-ObjectEventWithDigitalLink.jsonld"));

        Assert.Equal(2, doc.Events.Count);
        var items = doc.Events[0].Identifiers().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(("70614141123451", EpcisIdentifierKind.Item, EpcisIdentifierSyntax.DigitalLink), (i.Gtin!, i.Kind, i.Syntax)));
        Assert.Equal(["2017", "2018"], items.Select(i => i.Serial));
    }

    [Fact]
    public void Example_9_6_2_ObjectEvent_accepted_a_lot_received_by_weight()
    {
        // Accepted: a class-level LGTIN quantity (200 KGM) with sources and destinations kept as they came.
        var ev = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.2-ObjectEvent.jsonld")).Events);

        Assert.Equal(new EpcisQuantity("urn:epc:class:lgtin:4012345.012345.998877", 200m, "KGM"), Assert.Single(ev.QuantityList));
        var lot = Assert.Single(ev.Identifiers());
        Assert.Equal(("04012345123456", "998877", EpcisIdentifierKind.ProductClass), (lot.Gtin!, lot.Lot!, lot.Kind));
        Assert.Equal(TimeSpan.FromHours(2), ev.EventTimeZoneOffset);
        Assert.Equal(new DateTimeOffset(2013, 6, 8, 14, 58, 56, 591, TimeSpan.Zero), ev.EventTime);
        Assert.StartsWith("""[{"type":"possessing_party","source":"urn:epc:id:sgln:4012345.00001.0"}""", ev.SourceList, StringComparison.Ordinal);
        Assert.Contains("owning_party", ev.DestinationList, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_9_6_3_AggregationEvent_accepted_items_and_quantities_on_a_pallet()
    {
        // Accepted: an SSCC parent (kept as an opaque URI), SGTIN children, a whole-GTIN pattern and an LGTIN with 200.5 KGM.
        var ev = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.3-AggregationEvent.jsonld")).Events);

        Assert.Equal(EpcisEventType.AggregationEvent, ev.Type);
        Assert.Equal("urn:epc:id:sscc:0614141.1234567890", ev.ParentId);
        Assert.Equal(2, ev.ChildEpcs.Count);
        Assert.Equal(
            [new EpcisQuantity("urn:epc:idpat:sgtin:4012345.098765.*", 10m), new EpcisQuantity("urn:epc:class:lgtin:4012345.012345.998877", 200.5m, "KGM")],
            ev.ChildQuantityList);
        Assert.Equal(EpcisEventKind.Shipping, ev.Kind);
    }

    [Fact]
    public void Example_9_6_4_TransformationEvent_accepted_commissioning_outputs_with_ilmd()
    {
        // Accepted: inputs by item and by quantity, four serialised outputs, ILMD kept as JSON.
        var ev = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.4-TransformationEvent.jsonld")).Events);

        Assert.Equal(EpcisEventType.TransformationEvent, ev.Type);
        Assert.Null(ev.Action);
        Assert.Equal(EpcisEventKind.Commissioning, ev.Kind);
        Assert.Equal(2, ev.InputEpcList.Count);
        Assert.Equal(3, ev.InputQuantityList.Count);
        Assert.Equal(4, ev.OutputEpcList.Count);
        Assert.Equal("""{"example:bestBeforeDate":"2014-12-10","example:batch":"XYZ"}""", ev.Ilmd);
    }

    [Fact]
    public void Example_9_6_4_TransformationEventWithDigitalLink_accepted_and_names_the_same_classes_as_the_urn_version()
    {
        // Accepted. Its class-level Digital Links are the URN version's LGTIN and SGTIN pattern, key for key.
        var urn = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.4-TransformationEvent.jsonld")).Events);
        var link = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("Example_9.6.4-TransformationEventWithDigitalLink.jsonld")).Events);

        Assert.Equal("https://id.gs1.org/01/00614141777778/10/987", link.InputQuantityList[1].EpcClass);
        var byUrn = urn.InputQuantityList.Select(q => EpcisIdentifier.Parse(q.EpcClass)).ToList();
        var byLink = link.InputQuantityList.Select(q => EpcisIdentifier.Parse(q.EpcClass)).ToList();
        Assert.Equal(byUrn, byLink);
        Assert.Equal(EpcisIdentifierSyntax.EpcUrn, byUrn[1].Syntax);
        Assert.Equal(EpcisIdentifierSyntax.DigitalLink, byLink[1].Syntax);
        Assert.Null(byLink[2].Lot);
    }

    [Fact]
    public void SensorDataExample1_accepted_an_inspection_with_sensor_readings_filed_as_lab_sampling()
    {
        // Accepted: CBV inspecting maps to lab sampling; the sensor element list is kept verbatim.
        var ev = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("SensorDataExample1.jsonld")).Events);

        Assert.Equal(EpcisEventKind.LabSampling, ev.Kind);
        Assert.StartsWith("""[{"sensorMetadata":{"time":"2019-04-02T14:05:00.000+01:00",""", ev.SensorElementList, StringComparison.Ordinal);
        Assert.Contains("""{"type":"Temperature","value":26.0,"uom":"CEL"}""", ev.SensorElementList, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_event_all_possible_fields_accepted_every_member_kept()
    {
        // Accepted: every ObjectEvent member of EPCIS 2.0, including an error declaration, persistent disposition and
        // nested extensions under three prefixes; cbvmda comes from the standard context.
        var doc = EpcisDocumentParser.Parse(EpcisVectors.Read("object_event_all_possible_fields.jsonld"));
        var ev = Assert.Single(doc.Events);

        Assert.Equal(("urn:epc:id:sgln:0353579.00001.0", "urn:epc:id:sgln:5012345.00001.0", "1234567890"), (doc.Sender, doc.Receiver, doc.InstanceIdentifier));
        Assert.Equal(EpcisAction.Add, ev.Action);
        Assert.Equal("urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8", ev.EventId);
        Assert.Equal("\"https://accreditation-council.example.org/certificate/ABC12345\"", ev.CertificationInfo);
        Assert.Contains("\"reason\":\"incorrect_data\"", ev.ErrorDeclaration, StringComparison.Ordinal);
        Assert.Equal("""{"set":["completeness_verified"],"unset":["completeness_inferred"]}""", ev.PersistentDisposition);
        Assert.Contains("\"cbvmda:lotNumber\":\"ABC123\"", ev.Ilmd, StringComparison.Ordinal);
        Assert.Equal(8, ev.Extensions.Count);
        Assert.Equal("http://example.com/ext1/float", ev.Extension("http://example.com/ext1/float")!.Iri);
        Assert.Equal(3, ev.Namespaces.Count);
    }

    [Fact]
    public void Transformation_event_all_possible_fields_accepted_every_member_kept()
    {
        // Accepted: every TransformationEvent member, with a transformationID and inputs and outputs by quantity.
        var ev = Assert.Single(EpcisDocumentParser.Parse(EpcisVectors.Read("transformation_event_all_possible_fields.jsonld")).Events);

        Assert.Equal("urn:epc:id:gdti:0614141.12345.400", ev.TransformationId);
        Assert.Equal(3, ev.OutputQuantityList.Count);
        Assert.Equal("urn:epc:id:sgln:0614141.00888.0", ev.BizLocation);
        Assert.NotNull(ev.SensorElementList);
        // The document redefines cbvmda; the standard context protects it, so names still expand to CBV's IRI.
        Assert.Equal("http://example.com/cbvmda/", ev.Namespaces["cbvmda"]);
    }
}
