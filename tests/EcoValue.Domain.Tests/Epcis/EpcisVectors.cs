using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Epcis;

/// <summary>The GS1 EPCIS 2.0 files in ../shared/vectors/epcis (read in place, never copied).</summary>
internal static class EpcisVectors
{
    /// <summary>Every GS1 example document (the context file is not a document).</summary>
    public static readonly string[] Examples =
    [
        "Example_9.6.1-ObjectEvent.jsonld",
        "Example_9.6.1-ObjectEventWithDigitalLink.jsonld",
        "Example_9.6.2-ObjectEvent.jsonld",
        "Example_9.6.3-AggregationEvent.jsonld",
        "Example_9.6.4-TransformationEvent.jsonld",
        "Example_9.6.4-TransformationEventWithDigitalLink.jsonld",
        "SensorDataExample1.jsonld",
        "object_event_all_possible_fields.jsonld",
        "transformation_event_all_possible_fields.jsonld",
    ];

    public static string Path(string name) => Requirements.Vector("epcis/" + name);

    public static byte[] Read(string name) => File.ReadAllBytes(Path(name));

    public static string Schema => Requirements.Vector("epcis/EPCIS-JSON-Schema.json");
}
