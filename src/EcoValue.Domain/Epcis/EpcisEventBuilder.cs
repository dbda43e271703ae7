using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Builds EPCIS events from this service's own field events, for exports. <see cref="Build"/> writes the event and reads
/// it back through <see cref="EpcisDocumentParser.ParseEvent(ReadOnlySpan{byte}, EpcisLimits?)"/>, so a built event
/// obeys exactly the rules a captured one does, and a bad value is a <see cref="DomainValidationException"/> naming the
/// member (<c>quantityList[0].epcClass</c>), never an invalid export.
/// </summary>
/// <example>
/// <code>
/// var harvest = EpcisEventBuilder.ObjectEvent(EpcisAction.Add)
///     .EventIdFromRecord(recordId)
///     .At(harvestedAt)
///     .Kind(EpcisEventKind.Harvest)
///     .Quantity(EpcisIdentifier.Product(gtin, lot).ToDigitalLink(baseUrl), 120.5m, "KGM")
///     .ReadPoint(EpcisEventBuilder.GeoUri(19.25, 109.45))
///     .Ilmd("cbvmda:lotNumber", lot)
///     .Build();
/// </code>
/// </example>
public sealed class EpcisEventBuilder
{
    private readonly EpcisEventType _type;
    private readonly EpcisAction? _action;
    private readonly List<string> _epcs = [], _children = [], _inputs = [], _outputs = [];
    private readonly List<EpcisQuantity> _quantities = [], _childQuantities = [], _inputQuantities = [], _outputQuantities = [];
    private readonly List<(string Name, string Json)> _ilmd = [], _extensions = [];
    private readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);
    private readonly FieldErrors _errors = new();
    private DateTimeOffset? _eventTime;
    private TimeSpan? _offset;
    private string? _eventId, _bizStep, _disposition, _readPoint, _bizLocation, _parent, _transformationId, _sensorElementList;

    private EpcisEventBuilder(EpcisEventType type, EpcisAction? action)
    {
        _type = type;
        _action = action;
    }

    /// <summary>Something happened to items or a lot: ADD when identities or lot data are new (harvest, commissioning), OBSERVE otherwise.</summary>
    public static EpcisEventBuilder ObjectEvent(EpcisAction action) => new(EpcisEventType.ObjectEvent, action);

    /// <summary>Items or quantities packed into (ADD) or taken out of (DELETE) a parent such as a case or pallet.</summary>
    public static EpcisEventBuilder AggregationEvent(EpcisAction action) => new(EpcisEventType.AggregationEvent, action);

    /// <summary>Inputs consumed to make outputs (processing, mixing, repacking into a new GTIN).</summary>
    public static EpcisEventBuilder TransformationEvent() => new(EpcisEventType.TransformationEvent, null);

    /// <summary>An RFC 5870 <c>geo:</c> URI (WGS 84) for a read point or business location given by coordinates.</summary>
    public static string GeoUri(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
        {
            throw new DomainValidationException(new FieldError("geo", "epcis.geo.range",
                "latitude must be within ±90 and longitude within ±180 degrees", "纬度须在 ±90 度、经度须在 ±180 度以内"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"geo:{latitude:R},{longitude:R}");
    }

    /// <summary>When it happened; the event's time zone offset defaults to the offset of <paramref name="eventTime"/>.</summary>
    public EpcisEventBuilder At(DateTimeOffset eventTime, TimeSpan? timeZoneOffset = null)
    {
        _eventTime = eventTime;
        _offset = timeZoneOffset ?? eventTime.Offset;
        if (!EpcisTime.IsValidOffset(_offset.Value))
        {
            _errors.Add(EpcisErrors.Offset("eventTimeZoneOffset"));
        }

        return this;
    }

    public EpcisEventBuilder EventId(string uri)
    {
        _eventId = uri;
        return this;
    }

    /// <summary>
    /// <c>urn:uuid:{id}</c> from the id of the record the event comes from, so the same record always exports the same
    /// event ID. (A <c>ni:///sha-256;…?ver=CBV2.0</c> ID would claim CBV 2.0's event-hash algorithm, which this does not run.)
    /// </summary>
    public EpcisEventBuilder EventIdFromRecord(Guid recordId) => EventId("urn:uuid:" + recordId.ToString("D"));

    /// <summary>A bare CBV 2.0 step (<c>shipping</c>), an EcoValue step (<c>harvesting</c>, <c>input_applied</c>) or a URI.</summary>
    public EpcisEventBuilder BizStep(string bizStep)
    {
        _bizStep = bizStep;
        return this;
    }

    /// <summary>The business step this service writes for a field-event kind (the reverse of docs/epcis.md's table).</summary>
    public EpcisEventBuilder Kind(EpcisEventKind kind) => BizStep(kind switch
    {
        EpcisEventKind.Harvest => EpcisVocabulary.Harvesting,
        EpcisEventKind.InputApplied => EpcisVocabulary.InputApplied,
        EpcisEventKind.Packing => "packing",
        EpcisEventKind.Storage => "storing",
        EpcisEventKind.Shipping => "shipping",
        EpcisEventKind.Commissioning => "commissioning",
        EpcisEventKind.LabSampling => "sampling",
        EpcisEventKind.Processing => "creating_class_instance",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "give the business step itself for other events"),
    });

    public EpcisEventBuilder Disposition(string disposition)
    {
        _disposition = disposition;
        return this;
    }

    /// <summary>Where it was seen: an SGLN URN, a GLN Digital Link, or a <see cref="GeoUri"/>.</summary>
    public EpcisEventBuilder ReadPoint(string uri)
    {
        _readPoint = uri;
        return this;
    }

    public EpcisEventBuilder BizLocation(string uri)
    {
        _bizLocation = uri;
        return this;
    }

    /// <summary>One item (SGTIN or serialised Digital Link) of an ObjectEvent.</summary>
    public EpcisEventBuilder Epc(string uri) => Add(_epcs, uri);

    /// <summary>A lot or product class with an amount (LGTIN or Digital Link <c>/01/…/10/…</c>) of an ObjectEvent.</summary>
    public EpcisEventBuilder Quantity(string epcClass, decimal? quantity = null, string? uom = null) => Add(_quantities, new EpcisQuantity(epcClass, quantity, uom));

    public EpcisEventBuilder Parent(string uri)
    {
        _parent = uri;
        return this;
    }

    public EpcisEventBuilder Child(string uri) => Add(_children, uri);

    public EpcisEventBuilder ChildQuantity(string epcClass, decimal? quantity = null, string? uom = null) => Add(_childQuantities, new EpcisQuantity(epcClass, quantity, uom));

    public EpcisEventBuilder Input(string uri) => Add(_inputs, uri);

    public EpcisEventBuilder InputQuantity(string epcClass, decimal? quantity = null, string? uom = null) => Add(_inputQuantities, new EpcisQuantity(epcClass, quantity, uom));

    public EpcisEventBuilder Output(string uri) => Add(_outputs, uri);

    public EpcisEventBuilder OutputQuantity(string epcClass, decimal? quantity = null, string? uom = null) => Add(_outputQuantities, new EpcisQuantity(epcClass, quantity, uom));

    public EpcisEventBuilder TransformationId(string uri)
    {
        _transformationId = uri;
        return this;
    }

    /// <summary>A text member of the instance/lot master data, e.g. <c>cbvmda:lotNumber</c> or <c>ecovalue:plot</c>.</summary>
    public EpcisEventBuilder Ilmd(string name, string value)
    {
        if (!Gs1Text.IsWellFormed(value))
        {
            _errors.Add(EpcisErrors.BadString("ilmd." + name));
            return this;
        }

        return IlmdJson(name, EpcisJson.StringLiteral(value));
    }

    /// <summary>A member of the instance/lot master data with any JSON value.</summary>
    public EpcisEventBuilder IlmdJson(string name, string json)
    {
        _ilmd.Add((name, json));
        return this;
    }

    /// <summary>An extension member of the event (namespaced name, any JSON value).</summary>
    public EpcisEventBuilder Extension(string name, string json)
    {
        _extensions.Add((name, json));
        return this;
    }

    /// <summary>A JSON-LD prefix the names above use. The <c>ecovalue</c> prefix is declared automatically when used.</summary>
    public EpcisEventBuilder Namespace(string prefix, string iri)
    {
        _namespaces[prefix] = iri;
        return this;
    }

    /// <summary>Sensor data as the GS1 schema's sensorElementList (JSON array).</summary>
    public EpcisEventBuilder SensorElementList(string json)
    {
        _sensorElementList = json;
        return this;
    }

    /// <summary>The event, checked as a capture would check it.</summary>
    public EpcisEvent Build()
    {
        var errors = new FieldErrors();
        errors.AddRange(_errors.All);
        if (_eventTime is null)
        {
            errors.Add(EpcisErrors.Missing("eventTime", "epcis.event_time.missing"));
        }

        var ilmd = _ilmd.Count == 0 ? null : errors.Try("ilmd", () => ObjectText(_ilmd));
        var extensions = new List<EpcisExtension>(_extensions.Count);
        foreach (var (name, json) in _extensions)
        {
            if (errors.Try(name, () => EpcisJson.CompactText(json, string.Empty)) is { } compact)
            {
                extensions.Add(new EpcisExtension(name, name, compact));
            }
        }

        var sensors = _sensorElementList is null ? null : errors.Try("sensorElementList", () => EpcisJson.CompactText(_sensorElementList, string.Empty));
        errors.ThrowIfAny();

        var namespaces = new Dictionary<string, string>(_namespaces, StringComparer.Ordinal);
        if (_ilmd.Concat(_extensions).Any(x => x.Name.StartsWith(EpcisVocabulary.EcoValuePrefix + ":", StringComparison.Ordinal)))
        {
            namespaces.TryAdd(EpcisVocabulary.EcoValuePrefix, EpcisVocabulary.EcoValueNamespace);
        }

        // Unchecked so far: the writer puts it into JSON as given and the parser judges it like any capture.
        var draft = new EpcisEvent
        {
            Type = _type,
            Action = _action,
            EventId = _eventId,
            EventTime = _eventTime!.Value,
            EventTimeZoneOffset = _offset!.Value,
            BizStep = _bizStep,
            Disposition = _disposition,
            ReadPoint = _readPoint,
            BizLocation = _bizLocation,
            EpcList = _epcs,
            QuantityList = _quantities,
            ParentId = _parent,
            ChildEpcs = _children,
            ChildQuantityList = _childQuantities,
            InputEpcList = _inputs,
            InputQuantityList = _inputQuantities,
            OutputEpcList = _outputs,
            OutputQuantityList = _outputQuantities,
            TransformationId = _transformationId,
            Ilmd = ilmd,
            SensorElementList = sensors,
            Extensions = extensions,
            Namespaces = namespaces,
        };
        return EpcisDocumentParser.ParseEvent(EpcisDocumentWriter.WriteEvent(draft));
    }

    private static string ObjectText(List<(string Name, string Json)> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, EpcisJson.WriterOptions))
        {
            w.WriteStartObject();
            foreach (var (name, json) in members)
            {
                w.WritePropertyName(name);
                w.WriteRawValue(EpcisJson.CompactText(json, name), skipInputValidation: true);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private EpcisEventBuilder Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return this;
    }
}
