using System.Text;
using System.Text.Json;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Epcis;

public class EpcisWriterTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    internal static EpcisEvent Harvest() => EpcisEventBuilder.ObjectEvent(EpcisAction.Add)
        .EventIdFromRecord(Guid.Parse("0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60"))
        .At(new DateTimeOffset(2025, 3, 1, 8, 30, 0, 123, TimeSpan.FromHours(8)))
        .Kind(EpcisEventKind.Harvest)
        .Quantity(EpcisIdentifier.Product("9506000134352", "L-2025-03").ToDigitalLink(), 120.5m, "KGM")
        .ReadPoint(EpcisEventBuilder.GeoUri(19.25, 109.45))
        .BizLocation("urn:epc:id:sgln:0614141.00777.0")
        .Ilmd("cbvmda:lotNumber", "L-2025-03")
        .Ilmd("ecovalue:plot", "白沙-3号地")
        .Build();

    [Fact]
    public void WriteEvent_writes_the_expected_json_ld()
    {
        // Hand-checked against EPCIS 2.0 §9 and EPCIS-JSON-Schema.json (EcoValue steps as URIs: the schema has no "harvesting").
        const string expected =
            """{"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",{"ecovalue":"https://ecovalue.dev/epcis/"}],"type":"ObjectEvent","eventID":"urn:uuid:0195508c-3f2b-7c3e-9a4d-1b2c3d4e5f60","eventTime":"2025-03-01T08:30:00.123+08:00","eventTimeZoneOffset":"+08:00","quantityList":[{"epcClass":"https://id.gs1.org/01/09506000134352/10/L-2025-03","quantity":120.5,"uom":"KGM"}],"action":"ADD","bizStep":"https://ecovalue.dev/bizstep/harvesting","readPoint":{"id":"geo:19.25,109.45"},"bizLocation":{"id":"urn:epc:id:sgln:0614141.00777.0"},"ilmd":{"cbvmda:lotNumber":"L-2025-03","ecovalue:plot":"白沙-3号地"}}""";

        Assert.Equal(expected, Encoding.UTF8.GetString(EpcisDocumentWriter.WriteEvent(Harvest())));
    }

    [Fact]
    public void Document_has_the_gs1_header_and_reads_back_equal()
    {
        var events = new[] { Harvest() };

        var bytes = EpcisDocumentWriter.ToUtf8Bytes(events, Created, documentId: "https://trace.example.cn/dossier/1");

        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        Assert.Equal("EPCISDocument", root.GetProperty("type").GetString());
        Assert.Equal("2.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("2025-03-02T09:00:00+08:00", root.GetProperty("creationDate").GetString());
        Assert.Equal(EpcisVocabulary.StandardContext, root.GetProperty("@context")[0].GetString());
        var back = EpcisDocumentParser.Parse(bytes);
        Assert.Equal(events, back.Events);
        Assert.Equal("https://trace.example.cn/dossier/1", back.Id);
        Assert.Equal(Created, back.CreationDate);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Gs1_example_round_trips_parse_write_parse(string example)
    {
        var original = EpcisDocumentParser.Parse(EpcisVectors.Read(example));

        var written = EpcisDocumentWriter.ToUtf8Bytes(original.Events, original.CreationDate);
        var again = EpcisDocumentParser.Parse(written);

        Assert.Equal(original.Events, again.Events);
        Assert.Equal(original.Events.Select(e => e.Namespaces.OrderBy(n => n.Key)), again.Events.Select(e => e.Namespaces.OrderBy(n => n.Key)));
        Assert.Equal(written, EpcisDocumentWriter.ToUtf8Bytes(again.Events, again.CreationDate));
    }

    public static TheoryData<string> Examples() => new(EpcisVectors.Examples);

    [Fact]
    public void Events_from_many_documents_keep_their_meaning_in_one_export()
    {
        var events = EpcisVectors.Examples.SelectMany(x => EpcisDocumentParser.Parse(EpcisVectors.Read(x)).Events).ToList();
        var a = EpcisEventBuilder.ObjectEvent(EpcisAction.Observe).At(Created).Epc("urn:epc:id:sgtin:0614141.812345.6789")
            .Namespace("ex", "https://a.example/").Extension("ex:v", "1").Build();
        var b = EpcisEventBuilder.ObjectEvent(EpcisAction.Observe).At(Created).Epc("urn:epc:id:sgtin:0614141.812345.6789")
            .Namespace("ex", "https://b.example/").Extension("ex:v", "2").Build();
        events.AddRange([a, b]);

        var written = EpcisDocumentWriter.ToUtf8Bytes(events, Created, indented: true);
        var back = EpcisDocumentParser.Parse(written).Events;

        Assert.Equal(events, back);
        Assert.Equal(events.SelectMany(e => e.Extensions.Select(x => x.Iri)), back.SelectMany(e => e.Extensions.Select(x => x.Iri)));
        Assert.Equal(["https://a.example/v", "https://b.example/v"], back.TakeLast(2).Select(e => e.Extensions[0].Iri));
    }

    [Fact]
    public void Stream_buffer_and_standalone_outputs_agree()
    {
        var events = new[] { Harvest() };
        using var stream = new MemoryStream();

        EpcisDocumentWriter.Write(stream, events, Created);

        Assert.Equal(EpcisDocumentWriter.ToUtf8Bytes(events, Created), stream.ToArray());
        Assert.Equal(events[0], EpcisDocumentParser.ParseEvent(EpcisDocumentWriter.WriteEvent(events[0])));
        Assert.Throws<ArgumentException>(() => EpcisDocumentWriter.ToUtf8Bytes(events, Created, documentId: "not a uri"));
    }

    [Fact]
    public void ParseEvent_needs_the_standard_context()
    {
        var json = Encoding.UTF8.GetString(EpcisDocumentWriter.WriteEvent(Harvest()));

        var missing = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.ParseEvent(json.Replace("\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\",", "\"x:y\":[", StringComparison.Ordinal)));
        Assert.Equal(("@context", "epcis.context.missing"), (missing.Errors[0].Field, missing.Errors[0].Code));
        var other = Assert.Throws<DomainValidationException>(() => EpcisDocumentParser.ParseEvent(json.Replace("https://ref.gs1.org/standards/epcis/epcis-context.jsonld", "https://example.com/c.jsonld", StringComparison.Ordinal)));
        Assert.Equal(("@context", "epcis.context.standard_missing"), (other.Errors[0].Field, other.Errors[0].Code));
    }
}
