using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Data.Registry;
using EcoValue.Domain;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Validation;

namespace EcoValue.Api.Features.Epcis;

/// <summary>
/// Between EPCIS events and our field events. Capture: each event becomes one field event per batch it names (a
/// batch is GTIN + lot: an LGTIN class, or a Digital Link with /10/{lot}); the captured event is kept whole in the
/// field event's details and in its record, so it can be exported again as it came. Export: captured events go out
/// as they were captured; events entered through the API or the portal are written as ObjectEvents on the batch's
/// lot (docs/epcis.md has the table).
/// </summary>
public static class EpcisMapping
{
    public static string KindName(EpcisEventKind kind) => kind switch
    {
        EpcisEventKind.Harvest => "harvest",
        EpcisEventKind.InputApplied => "input-applied",
        EpcisEventKind.Packing => "packing",
        EpcisEventKind.Storage => "storage",
        EpcisEventKind.Shipping => "shipping",
        EpcisEventKind.Commissioning => "commissioning",
        EpcisEventKind.LabSampling => "sampling",
        EpcisEventKind.Processing => "processing",
        _ => "other",
    };

    private static EpcisEventKind? KindOf(string kind) => kind switch
    {
        "harvest" => EpcisEventKind.Harvest,
        "input-applied" => EpcisEventKind.InputApplied,
        "packing" => EpcisEventKind.Packing,
        "storage" => EpcisEventKind.Storage,
        "shipping" => EpcisEventKind.Shipping,
        "commissioning" => EpcisEventKind.Commissioning,
        "sampling" => EpcisEventKind.LabSampling,
        "processing" => EpcisEventKind.Processing,
        _ => null,
    };

    /// <summary>
    /// Maps a parsed document's events. An event that names no batch (only serial items, SSCCs or places) is outside
    /// what this service files: reported precisely at its path, with the rest of the document refused (all or none).
    /// </summary>
    public static IReadOnlyList<CapturedEvent> ToCaptured(EpcisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // Events map independently, so on all cores (a capture carries up to 10,000); errors are reported in order.
        var mapped = new CapturedEvent?[document.Events.Count];
        var refused = new FieldError?[document.Events.Count];
        InParallel.For(document.Events.Count, i => (mapped[i], refused[i]) = Map(document.Events[i], i));
        var errors = new FieldErrors();
        foreach (var error in refused)
        {
            if (error is not null)
            {
                errors.Add(error);
            }
        }

        errors.ThrowIfAny();
        return [.. mapped.Select(m => m!)];
    }

    private static (CapturedEvent? Event, FieldError? Error) Map(EpcisEvent e, int i)
    {
        var ids = e.Identifiers().ToList();
        var batches = ids.Where(x => x.Kind == EpcisIdentifierKind.ProductClass && x.Gtin is not null && x.Lot is not null)
            .Select(x => (x.Gtin!, x.Lot!)).Distinct().ToList();
        if (batches.Count == 0)
        {
            var items = ids.Where(x => x.Kind == EpcisIdentifierKind.Item).Select(x => x.Gtin + "/" + x.Serial).Take(3).ToList();
            var what = items.Count > 0
                ? $"names items by GTIN and serial ({string.Join(", ", items)}) but no lot"
                : "names no product class with a lot";
            var whatZh = items.Count > 0 ? $"只以 GTIN 和序列号标识单品（{string.Join("，", items)}），没有批号" : "没有标识带批号的产品类别";
            return (null, new FieldError($"epcisBody.eventList[{i.ToString(CultureInfo.InvariantCulture)}]", "epcis.scope.no_batch",
                $"{what}: this service files events under batches, so name the batch as an LGTIN class (urn:epc:class:lgtin:…) or a Digital Link with /10/{{lot}} in epcList or quantityList",
                $"{whatZh}：本服务按批次记录事件，请在 epcList 或 quantityList 中用 LGTIN 类（urn:epc:class:lgtin:…）或带 /10/{{批号}} 的数字链接标识批次"));
        }

        var eventJson = JsonNode.Parse(EpcisDocumentWriter.WriteEvent(e))!;
        var details = new JsonObject
        {
            ["type"] = e.Type.ToString(),
            ["bizStep"] = e.BizStep,
            ["disposition"] = e.Disposition,
            ["action"] = e.Action?.ToString().ToUpperInvariant(),
            ["epcis"] = eventJson,
        };
        var at = e.EventTime.ToOffset(e.EventTimeZoneOffset);
        var facts = new FieldEventFacts(KindName(e.Kind), at, FieldEventFacts.FormatOffset(e.EventTimeZoneOffset), e.BizLocation ?? e.ReadPoint, null, null, details);
        return (new CapturedEvent(i, e.EventId, facts, batches), null);
    }

    /// <summary>Our field events as EPCIS events: captured ones as captured; the others built on the batch's lot.</summary>
    public static IReadOnlyList<EpcisEvent> ToEpcis(IEnumerable<FieldEventRow> rows, IReadOnlyDictionary<string, BatchRow> batches, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(batches);
        var events = new List<EpcisEvent>();
        foreach (var row in rows)
        {
            using var details = JsonDocument.Parse(row.Details);
            if (row.Source == "epcis" && details.RootElement.TryGetProperty("epcis", out var captured))
            {
                events.Add(EpcisDocumentParser.ParseEvent(Encoding.UTF8.GetBytes(captured.GetRawText())));
                continue;
            }

            events.Add(Build(row, batches[row.BatchId], details.RootElement, baseUrl));
        }

        return events;
    }

    /// <summary>
    /// Our field events as EPCIS events holding only their public fields (docs/dossier.md): step, time, place and
    /// the batch's lot; captured events are rebuilt from those too, since a partner's document may carry anything
    /// (readPoint coordinates, sensor data, business transactions).
    /// </summary>
    public static IReadOnlyList<EpcisEvent> ToPublicEpcis(IEnumerable<FieldEventRow> rows, IReadOnlyDictionary<string, BatchRow> batches, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(batches);
        return [.. rows.Select(row => Build(row, batches[row.BatchId], default, baseUrl, publicOnly: true))];
    }

    private static EpcisEvent Build(FieldEventRow row, BatchRow batch, JsonElement details, string baseUrl, bool publicOnly = false)
    {
        var at = DateTimeOffset.Parse(row.OccurredAt, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Parse(row.TimeZone.TrimStart('+'), CultureInfo.InvariantCulture);
        var builder = EpcisEventBuilder.ObjectEvent(row.Kind is "harvest" or "commissioning" ? EpcisAction.Add : EpcisAction.Observe)
            .At(at, offset)
            .EventId("urn:uuid:" + row.RecordId);
        if (KindOf(row.Kind) is { } kind)
        {
            builder.Kind(kind);
        }

        var lot = EpcisIdentifier.Product(batch.Gtin, batch.Lot).ToDigitalLink(baseUrl);
        if (publicOnly)
        {
            builder.Quantity(lot);
            if (row.Place is not null)
            {
                builder.Extension("ecovalue:place", JsonSerializer.Serialize(row.Place));
            }

            return builder.Build();
        }

        if (details.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number
            && details.TryGetProperty("unit", out var u) && Uom(u.GetString()) is { } uom)
        {
            builder.Quantity(lot, q.GetDecimal(), uom);
        }
        else
        {
            builder.Quantity(lot);
        }

        if (row.Place is not null)
        {
            builder.Extension("ecovalue:place", JsonSerializer.Serialize(row.Place));
        }

        if (row.ActorName is not null)
        {
            builder.Extension("ecovalue:actor", JsonSerializer.Serialize(row.ActorName));
        }

        if (details.TryGetProperty("input", out var input))
        {
            builder.Extension("ecovalue:input", input.GetRawText());
        }

        if (details.TryGetProperty("notes", out var notes))
        {
            builder.Extension("ecovalue:notes", notes.GetRawText());
        }

        return builder.Build();
    }

    // UN/CEFACT Recommendation 20 unit codes, as EPCIS quantityList wants them.
    private static string? Uom(string? unit) => unit switch
    {
        "kg" => "KGM",
        "g" => "GRM",
        "t" => "TNE",
        "L" => "LTR",
        "piece" => "H87",
        _ => null,
    };
}
