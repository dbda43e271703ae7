using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Registry;

/// <summary>
/// A validated field event. <see cref="OccurredAt"/> is UTC; <see cref="TimeZone"/> the offset it was reported in
/// (EPCIS keeps both: eventTime and eventTimeZoneOffset). <see cref="Details"/> holds the kind-specific facts.
/// </summary>
public sealed record FieldEventFacts(string Kind, DateTimeOffset OccurredAt, string TimeZone, string? Place, string? RegionCode, string? Actor, JsonObject Details)
{
    public const int MaxText = 200;
    public const int MaxNotes = 2_000;

    /// <summary>
    /// Kinds of field event. The first five are what farmers record by hand (issue 4); processing, sampling and
    /// commissioning also arrive from EPCIS capture (docs/epcis.md maps CBV bizSteps to them); other keeps an EPCIS
    /// event whose bizStep has no closer kind.
    /// </summary>
    public static IReadOnlyList<string> Kinds { get; } = ["input-applied", "harvest", "packing", "storage", "shipping", "processing", "sampling", "commissioning", "other"];

    public static FieldEventFacts Validate(FieldEventInput? input, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (input is null)
        {
            errors.Add(string.Empty, "required", "an event object is required", "需要提供事件信息");
            errors.ThrowIfAny();
        }

        var kind = input!.Kind;
        if (string.IsNullOrEmpty(kind))
        {
            errors.Add("kind", "required", "is required", "必填");
        }
        else if (!Kinds.Contains(kind))
        {
            errors.Add("kind", "event.kind", $"must be one of {string.Join(", ", Kinds)}", $"应为以下之一：{string.Join("、", Kinds)}");
        }

        var (at, zone) = Time(errors, "occurredAt", input.OccurredAt, now);
        var place = TextRules.Optional(errors, "place", input.Place, MaxText);
        var region = input.RegionCode is null ? null : ProducerFacts.Required(errors, "regionCode", input.RegionCode, s => Identifiers.RegionCode.Parse(s).Value);
        var actor = TextRules.Optional(errors, "actor", input.Actor, MaxText);
        var notes = TextRules.Optional(errors, "notes", input.Notes, MaxNotes);
        var details = new JsonObject();
        if (kind == "input-applied")
        {
            if (input.Input is not { } applied)
            {
                errors.Add("input", "required", "is required for an input-applied event (product, activeIngredient, dose, doseUnit)", "施用投入品事件必填（product、activeIngredient、dose、doseUnit）");
            }
            else
            {
                var product = TextRules.Required(errors, "input.product", applied.Product, MaxText);
                var ingredient = TextRules.Required(errors, "input.activeIngredient", applied.ActiveIngredient, MaxText);
                if (applied.Dose is not { } dose)
                {
                    errors.Add("input.dose", "required", "is required", "必填");
                }
                else if (!(dose >= 0 && dose <= 1e9))
                {
                    errors.Add("input.dose", "out_of_range", "must be 0 or more", "应不小于 0");
                }

                var doseUnit = TextRules.Required(errors, "input.doseUnit", applied.DoseUnit, 40);
                var target = TextRules.Optional(errors, "input.target", applied.Target, MaxText);
                details["input"] = new JsonObject
                {
                    ["product"] = product, ["activeIngredient"] = ingredient, ["dose"] = applied.Dose, ["doseUnit"] = doseUnit, ["target"] = target,
                };
            }
        }
        else if (input.Input is not null)
        {
            errors.Add("input", "event.input_not_allowed", "only an input-applied event has an input", "只有施用投入品事件可填写投入品");
        }

        if (input.Quantity is { } q)
        {
            if (!(q > 0 && q <= 1e12))
            {
                errors.Add("quantity", "out_of_range", "must be more than 0", "应大于 0");
            }

            details["quantity"] = q;
            details["unit"] = TextRules.Required(errors, "unit", input.Unit, 40);
        }
        else if (input.Unit is not null)
        {
            errors.Add("unit", "event.unit_without_quantity", "a unit needs a quantity", "填写单位时需同时填写数量");
        }

        if (notes is not null)
        {
            details["notes"] = notes;
        }

        errors.ThrowIfAny();
        return new FieldEventFacts(kind!, at, zone!, place, region, actor, details);
    }

    public JsonObject ToRecordData(string eventId, string batchId, string producerId, string? supersedes) => RecordData.With(supersedes, new JsonObject
    {
        ["event"] = eventId,
        ["batch"] = batchId,
        ["producer"] = producerId,
        ["kind"] = Kind,
        ["occurredAt"] = FormatUtc(OccurredAt),
        ["timeZone"] = TimeZone,
        ["place"] = Place,
        ["regionCode"] = RegionCode,
        ["actor"] = Actor,
        ["details"] = Details.DeepClone(),
    });

    /// <summary>
    /// The same record data as canonical JSON, with <paramref name="details"/> (<see cref="CanonicalJson.Of"/> of
    /// <see cref="Details"/>) embedded as it is: byte for byte what canonicalising the <see cref="JsonObject"/> form
    /// gives, without copying the details tree (EPCIS capture files 10,000 of these per document).
    /// </summary>
    public CanonicalJson ToRecordData(string eventId, string batchId, string producerId, string? supersedes, CanonicalJson details)
    {
        var data = new CanonicalObject()
            .Add("event", eventId).Add("batch", batchId).Add("producer", producerId).Add("kind", Kind)
            .Add("occurredAt", FormatUtc(OccurredAt)).Add("timeZone", TimeZone).Add("place", Place)
            .Add("regionCode", RegionCode).Add("actor", Actor).Add("details", details);
        return (supersedes is null ? data : data.Add("supersedes", supersedes)).Build();
    }

    /// <summary>UTC, millisecond precision, as every timestamp we store.</summary>
    public static string FormatUtc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An offset as EPCIS writes it: +08:00, -05:30, +00:00.</summary>
    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 date-time with an explicit offset (Z or ±hh:mm), not more than a day ahead of now.</summary>
    public static (DateTimeOffset At, string? Zone) Time(FieldErrors errors, string field, string? value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(field, "required", "is required (RFC 3339, e.g. 2026-04-01T08:30:00+08:00)", "必填（RFC 3339，例如 2026-04-01T08:30:00+08:00）");
            return (default, null);
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (value.Length > 40 || !(value.EndsWith('Z') || value.Length > 6 && value[^6] is '+' or '-')
            || !DateTimeOffset.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) || at.Year < 1900)
        {
            errors.Add(field, "time.format", "must be an RFC 3339 date-time with offset, e.g. 2026-04-01T08:30:00+08:00", "应为带时区的 RFC 3339 时间，例如 2026-04-01T08:30:00+08:00");
            return (default, null);
        }

        if (at > now.AddDays(1))
        {
            errors.Add(field, "time.future", "must not be in the future", "不能晚于当前时间");
            return (default, null);
        }

        return (at, FormatOffset(at.Offset));
    }
}
