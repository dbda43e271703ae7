using System.Collections.Frozen;
using System.Text.Json;
using static EcoValue.Domain.Epcis.EpcisJson;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// Reads one event object (EPCIS 2.0 and its JSON/JSON-LD binding) into an <see cref="EpcisEvent"/>, reporting every problem
/// with its JSON path. Member sets per event type follow the GS1 EPCIS 2.0 JSON schema's propertyNames lists.
/// </summary>
internal sealed partial class EpcisEventReader(EpcisLimits limits, ErrorSink errors)
{
    private enum M
    {
        Context, Type, EventTime, RecordTime, EventTimeZoneOffset, EventId, CertificationInfo, ErrorDeclaration,
        Action, EpcList, QuantityList, BizStep, Disposition, PersistentDisposition, ReadPoint, BizLocation,
        BizTransactionList, SourceList, DestinationList, SensorElementList, Ilmd,
        ParentId, ChildEpcs, ChildQuantityList, InputEpcList, InputQuantityList, OutputEpcList, OutputQuantityList, TransformationId,
    }

    private enum Role
    {
        Instance,
        Class,
        Location,
        Parent,
    }

    private static readonly FrozenDictionary<string, M> Members = Enum.GetValues<M>().ToFrozenDictionary(JsonName, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, M>.AlternateLookup<ReadOnlySpan<char>> MemberLookup = Members.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] Names = Enum.GetValues<M>().Select(JsonName).ToArray();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CbvBizStepLookup = EpcisVocabulary.CbvBizSteps.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CbvDispositionLookup = EpcisVocabulary.CbvDispositions.GetAlternateLookup<ReadOnlySpan<char>>();

    // Reused for every event this reader reads (one reader per parse, one thread).
    private readonly Fields _fields = new();

    private static readonly ulong Common = Bits(M.Context, M.Type, M.EventTime, M.RecordTime, M.EventTimeZoneOffset, M.EventId, M.CertificationInfo, M.ErrorDeclaration);

    private static readonly ulong[] Allowed =
    [
        Common | Bits(M.Action, M.EpcList, M.QuantityList, M.BizStep, M.Disposition, M.PersistentDisposition, M.ReadPoint, M.BizLocation,
            M.BizTransactionList, M.SourceList, M.DestinationList, M.SensorElementList, M.Ilmd),
        Common | Bits(M.ParentId, M.ChildEpcs, M.ChildQuantityList, M.Action, M.BizStep, M.Disposition, M.ReadPoint, M.BizLocation,
            M.BizTransactionList, M.SourceList, M.DestinationList, M.SensorElementList),
        Common | Bits(M.InputEpcList, M.InputQuantityList, M.OutputEpcList, M.OutputQuantityList, M.TransformationId, M.BizStep, M.Disposition,
            M.PersistentDisposition, M.ReadPoint, M.BizLocation, M.BizTransactionList, M.SourceList, M.DestinationList, M.SensorElementList, M.Ilmd),
    ];

    /// <summary>The event, or null when anything in it is wrong (every problem is in the sink).</summary>
    /// <param name="depth">Nesting depth of the event object itself (1 for a bare event, 4 inside a document).</param>
    public EpcisEvent? Read(JsonElement ev, string path, JsonLdScope scope, int depth)
    {
        if (ev.ValueKind != JsonValueKind.Object)
        {
            errors.Add(EpcisErrors.NotObject(path));
            return null;
        }

        var before = errors.Total;
        if (!ev.TryGetProperty("type", out var typeValue))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "type"), "epcis.event.type_missing"));
            return null;
        }

        EpcisEventType type;
        var isString = typeValue.ValueKind == JsonValueKind.String;
        if (isString && typeValue.ValueEquals("ObjectEvent"))
        {
            type = EpcisEventType.ObjectEvent;
        }
        else if (isString && typeValue.ValueEquals("AggregationEvent"))
        {
            type = EpcisEventType.AggregationEvent;
        }
        else if (isString && typeValue.ValueEquals("TransformationEvent"))
        {
            type = EpcisEventType.TransformationEvent;
        }
        else
        {
            var typeText = String(typeValue, Member(path, "type"), errors);
            if (typeText is "AssociationEvent" or "TransactionEvent")
            {
                errors.Add(EpcisErrors.EventTypeOutOfScope(Member(path, "type"), typeText));
            }
            else if (typeText is not null)
            {
                errors.Add(EpcisErrors.EventTypeUnknown(Member(path, "type")));
            }

            return null;
        }

        if (ev.TryGetProperty("@context", out var ctx))
        {
            scope = scope.With(ctx, Member(path, "@context"), requireStandard: false, errors);
        }

        var allowed = Allowed[(int)type];
        var e = _fields;
        e.Clear();
        Span<char> chars = stackalloc char[32];
        foreach (var p in ev.EnumerateObject())
        {
            // Standard member names are found without allocating; anything else is an extension (or a mistake).
            M m;
            string? name;
            if (TryAsciiName(p, chars, out var n) && MemberLookup.TryGetValue(chars[..n], out m))
            {
                name = Names[(int)m];
            }
            else
            {
                name = Name(p, path, errors);
                if (name is null)
                {
                    continue;
                }

                if (!Members.TryGetValue(name, out m))
                {
                    var xp = Member(path, name);
                    if (EpcisKeptMembers.ExtensionName(name, xp, errors))
                    {
                        var json = Compact(p.Value, xp, depth, limits.MaxDepth, errors);
                        if (json is not null)
                        {
                            (e.Extensions ??= []).Add(new EpcisExtension(name, scope.Expand(name), json));
                        }
                    }

                    continue;
                }
            }

            var mp = Member(path, name);
            if ((allowed & Bit(m)) == 0)
            {
                errors.Add(EpcisErrors.NotAllowed(mp, type.ToString()));
                continue;
            }

            e.Present |= Bit(m);
            if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0)
            {
                e.NonEmpty |= Bit(m);
            }

            ReadMember(m, p.Value, mp, depth, e);
        }

        if (e.EventTime is null && !ev.TryGetProperty("eventTime", out _))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "eventTime"), "epcis.event_time.missing"));
        }

        if (e.Offset is null && !ev.TryGetProperty("eventTimeZoneOffset", out _))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "eventTimeZoneOffset"), "epcis.event_time_zone_offset.missing"));
        }

        if (type != EpcisEventType.TransformationEvent && e.Action is null && !ev.TryGetProperty("action", out _))
        {
            errors.Add(EpcisErrors.Missing(Member(path, "action"), "epcis.action.missing"));
        }

        CheckWhat(type, e, path);
        if (errors.Total != before)
        {
            return null;
        }

        return new EpcisEvent
        {
            Type = type,
            EventId = e.EventId,
            EventTime = e.EventTime!.Value,
            EventTimeZoneOffset = e.Offset!.Value,
            RecordTime = e.RecordTime,
            Action = e.Action,
            BizStep = e.BizStep,
            Disposition = e.Disposition,
            ReadPoint = e.ReadPoint,
            BizLocation = e.BizLocation,
            EpcList = e.EpcList ?? [],
            QuantityList = e.QuantityList ?? [],
            ParentId = e.ParentId,
            ChildEpcs = e.ChildEpcs ?? [],
            ChildQuantityList = e.ChildQuantityList ?? [],
            InputEpcList = e.InputEpcList ?? [],
            InputQuantityList = e.InputQuantityList ?? [],
            OutputEpcList = e.OutputEpcList ?? [],
            OutputQuantityList = e.OutputQuantityList ?? [],
            TransformationId = e.TransformationId,
            Ilmd = e.Ilmd,
            SensorElementList = e.SensorElementList,
            BizTransactionList = e.BizTransactionList,
            SourceList = e.SourceList,
            DestinationList = e.DestinationList,
            PersistentDisposition = e.PersistentDisposition,
            CertificationInfo = e.CertificationInfo,
            ErrorDeclaration = e.ErrorDeclaration,
            Extensions = e.Extensions ?? [],
            Namespaces = scope.UserPrefixes,
        };
    }

    private void ReadMember(M m, JsonElement v, string mp, int depth, Fields e)
    {
        var max = limits.MaxDepth;
        switch (m)
        {
            case M.Context or M.Type:
                break;
            case M.EventId:
                e.EventId = Uri(v, mp, errors);
                break;
            case M.EventTime:
                e.EventTime = Time(v, mp, "epcis.event_time.invalid");
                break;
            case M.RecordTime:
                e.RecordTime = Time(v, mp, "epcis.record_time.invalid");
                break;
            case M.EventTimeZoneOffset:
                Span<char> offsetChars = stackalloc char[8];
                if (TryAscii(v, offsetChars, out var on) && EpcisTime.TryParseOffset(offsetChars[..on], out var offset))
                {
                    e.Offset = offset;
                }
                else if (String(v, mp, errors) is { } offsetText)
                {
                    if (EpcisTime.TryParseOffset(offsetText, out offset))
                    {
                        e.Offset = offset;
                    }
                    else
                    {
                        errors.Add(EpcisErrors.Offset(mp));
                    }
                }

                break;
            case M.Action:
                e.Action = v.ValueKind != JsonValueKind.String ? Fail<EpcisAction?>(EpcisErrors.NotString(mp))
                    : v.ValueEquals("OBSERVE") ? EpcisAction.Observe
                    : v.ValueEquals("ADD") ? EpcisAction.Add
                    : v.ValueEquals("DELETE") ? EpcisAction.Delete
                    : String(v, mp, errors) is null ? null : Fail<EpcisAction?>(EpcisErrors.Action(mp));
                break;
            case M.BizStep:
                e.BizStep = Vocabulary(v, mp, CbvBizStepLookup, EpcisVocabulary.NormalizeBizStep, EpcisErrors.BizStep);
                break;
            case M.Disposition:
                e.Disposition = Vocabulary(v, mp, CbvDispositionLookup, EpcisVocabulary.NormalizeDisposition, EpcisErrors.Disposition);
                break;
            case M.ReadPoint:
                e.ReadPoint = Place(v, mp);
                break;
            case M.BizLocation:
                e.BizLocation = Place(v, mp);
                break;
            case M.EpcList:
                e.EpcList = Epcs(v, mp, Role.Instance);
                break;
            case M.ChildEpcs:
                e.ChildEpcs = Epcs(v, mp, Role.Instance);
                break;
            case M.InputEpcList:
                e.InputEpcList = Epcs(v, mp, Role.Instance);
                break;
            case M.OutputEpcList:
                e.OutputEpcList = Epcs(v, mp, Role.Instance);
                break;
            case M.QuantityList:
                e.QuantityList = Quantities(v, mp);
                break;
            case M.ChildQuantityList:
                e.ChildQuantityList = Quantities(v, mp);
                break;
            case M.InputQuantityList:
                e.InputQuantityList = Quantities(v, mp);
                break;
            case M.OutputQuantityList:
                e.OutputQuantityList = Quantities(v, mp);
                break;
            case M.ParentId:
                e.ParentId = Identifier(v, mp, Role.Parent);
                break;
            case M.TransformationId:
                e.TransformationId = Uri(v, mp, errors);
                break;
            case M.Ilmd:
                e.Ilmd = EpcisKeptMembers.Ilmd(v, mp, depth, max, errors);
                break;
            case M.SensorElementList:
                e.SensorElementList = EpcisKeptMembers.SensorElementList(v, mp, depth, max, errors);
                break;
            case M.BizTransactionList:
                e.BizTransactionList = EpcisKeptMembers.BizTransactionList(v, mp, depth, max, errors);
                break;
            case M.SourceList:
                e.SourceList = EpcisKeptMembers.SourceList(v, mp, depth, max, errors);
                break;
            case M.DestinationList:
                e.DestinationList = EpcisKeptMembers.DestinationList(v, mp, depth, max, errors);
                break;
            case M.PersistentDisposition:
                e.PersistentDisposition = EpcisKeptMembers.PersistentDisposition(v, mp, depth, max, errors);
                break;
            case M.CertificationInfo:
                e.CertificationInfo = EpcisKeptMembers.CertificationInfo(v, mp, depth, max, errors);
                break;
            case M.ErrorDeclaration:
                e.ErrorDeclaration = EpcisKeptMembers.ErrorDeclaration(v, mp, depth, max, errors);
                break;
        }
    }

    // Judged on what the JSON holds, not on what survived parsing, so a bad list item is one error, not two.
    private void CheckWhat(EpcisEventType type, Fields e, string path)
    {
        bool Has(M m) => (e.NonEmpty & Bit(m)) != 0;
        bool Present(M m) => (e.Present & Bit(m)) != 0;
        switch (type)
        {
            case EpcisEventType.ObjectEvent:
                if (!Has(M.EpcList) && !Has(M.QuantityList) && !(Has(M.SensorElementList) && Present(M.ReadPoint)))
                {
                    errors.Add(EpcisErrors.NoWhat(path, "ObjectEvent",
                        "a non-empty epcList or quantityList (or sensorElementList with a readPoint)", "非空的 epcList 或 quantityList（或带 readPoint 的 sensorElementList）"));
                }

                if (Present(M.Ilmd) && e.Action is EpcisAction.Observe or EpcisAction.Delete)
                {
                    errors.Add(EpcisErrors.IlmdNotAllowed(Member(path, "ilmd")));
                }

                break;
            case EpcisEventType.AggregationEvent:
                if (!Has(M.ChildEpcs) && !Has(M.ChildQuantityList) && e.Action != EpcisAction.Delete)
                {
                    errors.Add(EpcisErrors.NoWhat(path, "AggregationEvent",
                        "a non-empty childEPCs or childQuantityList (unless action is DELETE)", "非空的 childEPCs 或 childQuantityList（action 为 DELETE 时除外）"));
                }

                if (!Present(M.ParentId) && e.Action is EpcisAction.Add or EpcisAction.Delete)
                {
                    errors.Add(EpcisErrors.ParentMissing(Member(path, "parentID")));
                }

                break;
            default:
                var inputs = Has(M.InputEpcList) || Has(M.InputQuantityList);
                var outputs = Has(M.OutputEpcList) || Has(M.OutputQuantityList);
                if (!(inputs && outputs) && !(Present(M.TransformationId) && (inputs || outputs)))
                {
                    errors.Add(EpcisErrors.NoWhat(path, "TransformationEvent",
                        "inputs (inputEPCList or inputQuantityList) and outputs (outputEPCList or outputQuantityList), or a transformationID with either",
                        "输入（inputEPCList 或 inputQuantityList）与输出（outputEPCList 或 outputQuantityList），或带 transformationID 的其中之一"));
                }

                break;
        }
    }

    private static string JsonName(M m) => m switch
    {
        M.Context => "@context",
        M.EventId => "eventID",
        M.ChildEpcs => "childEPCs",
        M.EpcList => "epcList",
        M.InputEpcList => "inputEPCList",
        M.OutputEpcList => "outputEPCList",
        M.ParentId => "parentID",
        M.TransformationId => "transformationID",
        _ => char.ToLowerInvariant(m.ToString()[0]) + m.ToString()[1..],
    };

    private static ulong Bit(M m) => 1UL << (int)m;

    private static ulong Bits(params M[] ms) => ms.Aggregate(0UL, (acc, m) => acc | Bit(m));

    private sealed class Fields
    {
        public void Clear()
        {
            EventId = BizStep = Disposition = ReadPoint = BizLocation = ParentId = TransformationId = null;
            Ilmd = SensorElementList = BizTransactionList = SourceList = DestinationList = PersistentDisposition = CertificationInfo = ErrorDeclaration = null;
            EventTime = RecordTime = null;
            Offset = null;
            Action = null;
            EpcList = ChildEpcs = InputEpcList = OutputEpcList = null;
            QuantityList = ChildQuantityList = InputQuantityList = OutputQuantityList = null;
            Extensions = null;
            Present = NonEmpty = 0;
        }

        public string? EventId;
        public DateTimeOffset? EventTime;
        public DateTimeOffset? RecordTime;
        public TimeSpan? Offset;
        public EpcisAction? Action;
        public string? BizStep;
        public string? Disposition;
        public string? ReadPoint;
        public string? BizLocation;
        public List<string>? EpcList;
        public List<EpcisQuantity>? QuantityList;
        public string? ParentId;
        public List<string>? ChildEpcs;
        public List<EpcisQuantity>? ChildQuantityList;
        public List<string>? InputEpcList;
        public List<EpcisQuantity>? InputQuantityList;
        public List<string>? OutputEpcList;
        public List<EpcisQuantity>? OutputQuantityList;
        public string? TransformationId;
        public string? Ilmd;
        public string? SensorElementList;
        public string? BizTransactionList;
        public string? SourceList;
        public string? DestinationList;
        public string? PersistentDisposition;
        public string? CertificationInfo;
        public string? ErrorDeclaration;
        public List<EpcisExtension>? Extensions;
        public ulong Present;
        public ulong NonEmpty;
    }
}
