using System.Buffers;
using System.Text.Json;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Writes EPCIS 2.0 JSON-LD: an <c>EPCISDocument</c> (schemaVersion "2.0", the GS1 context, <c>epcisBody.eventList</c>)
/// or a standalone event. Events come only from <see cref="EpcisDocumentParser"/> or <see cref="EpcisEventBuilder"/>,
/// both of which check everything the GS1 EPCIS JSON schema checks, so the output validates against it; a parse of
/// the output gives back equal events.
/// </summary>
public static class EpcisDocumentWriter
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<EpcisEvent> events, DateTimeOffset creationDate, string? documentId = null, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(output, Options(indented));
        WriteDocument(writer, events, creationDate, documentId);
    }

    public static void Write(Stream output, IReadOnlyList<EpcisEvent> events, DateTimeOffset creationDate, string? documentId = null, bool indented = false)
    {
        using var writer = new Utf8JsonWriter(output, Options(indented));
        WriteDocument(writer, events, creationDate, documentId);
    }

    /// <summary>The document as UTF-8 bytes.</summary>
    public static byte[] ToUtf8Bytes(IReadOnlyList<EpcisEvent> events, DateTimeOffset creationDate, string? documentId = null, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + (events.Count * 512));
        Write(buffer, events, creationDate, documentId, indented);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One event on its own, with its <c>@context</c> (EPCIS 2.0 REST binding's single-event form); compact.</summary>
    public static byte[] WriteEvent(EpcisEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, EpcisJson.WriterOptions))
        {
            WriteEvent(writer, e, e.Namespaces, standalone: true);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonWriterOptions Options(bool indented) => EpcisJson.WriterOptions with { Indented = indented };

    private static void WriteDocument(Utf8JsonWriter w, IReadOnlyList<EpcisEvent> events, DateTimeOffset creationDate, string? documentId)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (documentId is not null && !EpcisUri.IsValid(documentId))
        {
            throw new ArgumentException($"a document id must be an absolute URI: {documentId}", nameof(documentId));
        }

        // One set of prefixes for the document; an event whose prefix means something else there carries its own @context.
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            foreach (var (prefix, iri) in e.Namespaces)
            {
                merged.TryAdd(prefix, iri);
            }
        }

        w.WriteStartObject();
        WriteContext(w, merged);
        if (documentId is not null)
        {
            w.WriteString("id", documentId);
        }

        w.WriteString("type", "EPCISDocument");
        w.WriteString("schemaVersion", "2.0");
        w.WriteString("creationDate", EpcisTime.Format(creationDate));
        w.WritePropertyName("epcisBody");
        w.WriteStartObject();
        w.WritePropertyName("eventList");
        w.WriteStartArray();
        foreach (var e in events)
        {
            var own = e.Namespaces.Any(n => merged[n.Key] != n.Value) ? e.Namespaces : null;
            WriteEvent(w, e, own, standalone: false);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter w, IReadOnlyDictionary<string, string>? prefixes)
    {
        w.WritePropertyName("@context");
        w.WriteStartArray();
        w.WriteStringValue(EpcisVocabulary.StandardContext);
        if (prefixes is { Count: > 0 })
        {
            w.WriteStartObject();
            foreach (var (prefix, iri) in prefixes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(prefix, iri);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteEvent(Utf8JsonWriter w, EpcisEvent e, IReadOnlyDictionary<string, string>? context, bool standalone)
    {
        w.WriteStartObject();
        if (standalone)
        {
            WriteContext(w, context);
        }
        else if (context is not null)
        {
            w.WritePropertyName("@context");
            w.WriteStartObject();
            foreach (var (prefix, iri) in context.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteString(prefix, iri);
            }

            w.WriteEndObject();
        }

        w.WriteString("type", e.Type.ToString());
        if (e.EventId is not null)
        {
            w.WriteString("eventID", e.EventId);
        }

        w.WriteString("eventTime", EpcisTime.Format(e.EventTime));
        w.WriteString("eventTimeZoneOffset", EpcisTime.FormatOffset(e.EventTimeZoneOffset));
        if (e.RecordTime is { } recorded)
        {
            w.WriteString("recordTime", EpcisTime.Format(recorded));
        }

        Raw(w, "certificationInfo", e.CertificationInfo);
        Raw(w, "errorDeclaration", e.ErrorDeclaration);
        switch (e.Type)
        {
            case EpcisEventType.ObjectEvent:
                Strings(w, "epcList", e.EpcList);
                Quantities(w, "quantityList", e.QuantityList);
                break;
            case EpcisEventType.AggregationEvent:
                Optional(w, "parentID", e.ParentId);
                Strings(w, "childEPCs", e.ChildEpcs);
                Quantities(w, "childQuantityList", e.ChildQuantityList);
                break;
            default:
                Strings(w, "inputEPCList", e.InputEpcList);
                Quantities(w, "inputQuantityList", e.InputQuantityList);
                Strings(w, "outputEPCList", e.OutputEpcList);
                Quantities(w, "outputQuantityList", e.OutputQuantityList);
                Optional(w, "transformationID", e.TransformationId);
                break;
        }

        if (e.Action is { } action)
        {
            w.WriteString("action", action switch
            {
                EpcisAction.Add => "ADD",
                EpcisAction.Observe => "OBSERVE",
                _ => "DELETE",
            });
        }

        Optional(w, "bizStep", e.BizStep is null ? null : EpcisVocabulary.BizStepForExport(e.BizStep));
        Optional(w, "disposition", e.Disposition);
        Raw(w, "persistentDisposition", e.PersistentDisposition);
        Place(w, "readPoint", e.ReadPoint);
        Place(w, "bizLocation", e.BizLocation);
        Raw(w, "bizTransactionList", e.BizTransactionList);
        Raw(w, "sourceList", e.SourceList);
        Raw(w, "destinationList", e.DestinationList);
        Raw(w, "sensorElementList", e.SensorElementList);
        Raw(w, "ilmd", e.Ilmd);
        foreach (var x in e.Extensions)
        {
            Raw(w, x.Name, x.Json);
        }

        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Raw(Utf8JsonWriter w, string name, string? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }

    private static void Place(Utf8JsonWriter w, string name, string? id)
    {
        if (id is not null)
        {
            w.WritePropertyName(name);
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteEndObject();
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Quantities(Utf8JsonWriter w, string name, IReadOnlyList<EpcisQuantity> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var q in values)
        {
            w.WriteStartObject();
            w.WriteString("epcClass", q.EpcClass);
            if (q.Quantity is { } amount)
            {
                w.WriteNumber("quantity", amount);
            }

            Optional(w, "uom", q.Uom);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
