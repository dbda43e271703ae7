using EcoValue.Domain.Epcis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Epcis;

public class EpcisEventBuilderTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 8, 30, 0, TimeSpan.FromHours(8));
    private static readonly string Batch = EpcisIdentifier.Product("9506000134352", "L1").ToDigitalLink();

    [Theory]
    [InlineData(EpcisEventKind.Harvest)]
    [InlineData(EpcisEventKind.InputApplied)]
    [InlineData(EpcisEventKind.Packing)]
    [InlineData(EpcisEventKind.Storage)]
    [InlineData(EpcisEventKind.Shipping)]
    [InlineData(EpcisEventKind.Commissioning)]
    [InlineData(EpcisEventKind.LabSampling)]
    [InlineData(EpcisEventKind.Processing)]
    public void Kind_writes_a_step_that_maps_back_to_the_same_kind(EpcisEventKind kind)
    {
        var ev = EpcisEventBuilder.ObjectEvent(EpcisAction.Observe).At(At).Kind(kind).Quantity(Batch, 1m, "KGM").Build();

        Assert.Equal(kind, ev.Kind);
        Assert.Equal(ev, EpcisDocumentParser.ParseEvent(EpcisDocumentWriter.WriteEvent(ev)));
    }

    [Fact]
    public void Build_reports_every_bad_value_with_its_member_path()
    {
        var builder = EpcisEventBuilder.AggregationEvent(EpcisAction.Add)
            .At(At)
            .BizStep("harvest")
            .Parent(Batch)
            .Child("urn:epc:id:sgtin:0614141.812345.6789")
            .ChildQuantity("urn:epc:id:sgtin:0614141.812345.6789", -2m, "kilo")
            .ReadPoint("urn:epc:id:sgtin:0614141.812345.6789");

        var e = Assert.Throws<DomainValidationException>(builder.Build);

        Assert.Equal(
            [
                ("parentID", "epcis.identifier.wrong_kind"),
                ("childQuantityList[0].epcClass", "epcis.identifier.wrong_kind"),
                ("childQuantityList[0].quantity", "epcis.quantity.invalid"),
                ("childQuantityList[0].uom", "epcis.uom.invalid"),
                ("bizStep", "epcis.biz_step.unknown"),
                ("readPoint.id", "epcis.identifier.wrong_kind"),
            ],
            e.Errors.Select(x => (x.Field, x.Code)));
    }

    [Fact]
    public void Build_needs_a_time_and_well_formed_text()
    {
        var noTime = Assert.Throws<DomainValidationException>(EpcisEventBuilder.ObjectEvent(EpcisAction.Add).Quantity(Batch).Build);
        Assert.Equal(("eventTime", "epcis.event_time.missing"), (noTime.Errors[0].Field, noTime.Errors[0].Code));

        var surrogate = Assert.Throws<DomainValidationException>(EpcisEventBuilder.ObjectEvent(EpcisAction.Add).At(At).Quantity(Batch).Ilmd("ecovalue:note", "a\uD800").Build);
        Assert.Equal(("ilmd.ecovalue:note", "epcis.json.invalid_string"), (surrogate.Errors[0].Field, surrogate.Errors[0].Code));

        var badJson = Assert.Throws<DomainValidationException>(EpcisEventBuilder.ObjectEvent(EpcisAction.Add).At(At).Quantity(Batch).Extension("ex:x", "{oops").Build);
        Assert.Equal(("ex:x", "epcis.json.malformed"), (badJson.Errors[0].Field, badJson.Errors[0].Code));

        var badOffset = Assert.Throws<DomainValidationException>(EpcisEventBuilder.ObjectEvent(EpcisAction.Add).At(At, TimeSpan.FromHours(15)).Quantity(Batch).Build);
        Assert.Equal("epcis.event_time_zone_offset.invalid", badOffset.Errors[0].Code);

        var observedIlmd = Assert.Throws<DomainValidationException>(EpcisEventBuilder.ObjectEvent(EpcisAction.Observe).At(At).Quantity(Batch).Ilmd("cbvmda:lotNumber", "L1").Build);
        Assert.Equal(("ilmd", "epcis.ilmd.not_allowed"), (observedIlmd.Errors[0].Field, observedIlmd.Errors[0].Code));
    }

    [Fact]
    public void Input_applied_transformation_and_sensor_events_build()
    {
        var sprayed = EpcisEventBuilder.ObjectEvent(EpcisAction.Observe)
            .EventId("urn:uuid:0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f61")
            .At(At)
            .Kind(EpcisEventKind.InputApplied)
            .Quantity(Batch)
            .ReadPoint(EpcisEventBuilder.GeoUri(-19.5, -109.25))
            .Extension("ecovalue:input", """{"product":"苦参碱","activeIngredient":"matrine","dose":{"value":0.3,"unit":"L/mu"}}""")
            .Build();
        Assert.Equal("https://ecovalue.dev/epcis/input", sprayed.Extensions[0].Iri);
        Assert.Equal("https://ecovalue.dev/epcis/", sprayed.Namespaces["ecovalue"]);
        Assert.Equal("geo:-19.5,-109.25", sprayed.ReadPoint);

        var packed = EpcisEventBuilder.TransformationEvent().At(At).Kind(EpcisEventKind.Packing)
            .InputQuantity(Batch, 100m, "KGM")
            .Output(EpcisIdentifier.Product("9506000134352", "L1", "A1").ToDigitalLink())
            .OutputQuantity(EpcisIdentifier.Product("09506000134352", "L2").ToEpcUrn(7), 40m, "KGM")
            .Build();
        Assert.Equal(EpcisEventKind.Packing, packed.Kind);
        Assert.Equal("urn:epc:class:lgtin:9506000.013435.L2", packed.OutputQuantityList[0].EpcClass);

        var checkedCold = EpcisEventBuilder.ObjectEvent(EpcisAction.Observe).At(At).Kind(EpcisEventKind.Storage)
            .ReadPoint("https://id.gs1.org/414/0614141007776")
            .SensorElementList("""[{"sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL"}]}]""")
            .Build();
        Assert.Equal("""[{"sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL"}]}]""", checkedCold.SensorElementList);

        Assert.Throws<DomainValidationException>(() => EpcisEventBuilder.GeoUri(91, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpcisEventBuilder.ObjectEvent(EpcisAction.Add).Kind(EpcisEventKind.Other));
    }
}
